package io.gator.core.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.acl.AclException.Reason;
import io.gator.core.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class AclEvaluatorTest {
    static final String ALICE = "22C8D4068CDF26758089E511F9BF5E2FBEC6D8C1";
    static final String BOB = "2D615F2215436D957D0D065186B59376F65A08DC";
    static final String CAROL = "0000000000000000000000000000000000000C4C";

    static final Acl TWO_MAN = Acl.parse("""
            {"file": {"minimumweight": 2, "investigators": {
                "alice": {"fingerprint": "%s", "weight": 1},
                "bob": {"fingerprint": "%s", "weight": 1}}},
             "default": {"minimumweight": 1, "investigators": {
                "alice": {"fingerprint": "%s", "weight": 1}}}}
            """.formatted(ALICE, BOB, ALICE));

    @Test
    void migFixtureAclLetsAliceRunAnyModuleThroughDefault() throws Exception {
        Acl acl = Acl.parse(Fixtures.read("mig-wire/keys/agent-acl.json"));
        AclDecision d = AclEvaluator.check(acl, "file", List.of(ALICE), false);
        assertEquals("default", d.entry());
        assertEquals(1, d.weight());
        assertEquals(1, d.minimumWeight());
        AclException e = assertThrows(AclException.class, () -> AclEvaluator.check(acl, "file", List.of(BOB), false));
        assertEquals(Reason.INSUFFICIENT_WEIGHT, e.reason());
        assertEquals("permission denied for operation file, insufficient signatures weight (need 1, got 0)",
                e.getMessage());
    }

    @Test
    void moduleEntryIsPreferredOverDefault() throws Exception {
        assertThrows(AclException.class, () -> AclEvaluator.check(TWO_MAN, "file", List.of(ALICE), false));
        AclDecision d = AclEvaluator.check(TWO_MAN, "netstat", List.of(ALICE), false);
        assertEquals("default", d.entry());
        assertEquals("file", AclEvaluator.check(TWO_MAN, "file", List.of(ALICE, BOB), false).entry());
    }

    @Test
    void moduleWithoutEntryAndWithoutDefaultIsRefused() {
        Acl acl = Acl.parse("{\"file\":{\"minimumweight\":1,\"investigators\":{\"a\":{\"fingerprint\":\"" + ALICE
                + "\",\"weight\":1}}}}");
        AclException e = assertThrows(AclException.class, () -> AclEvaluator.check(acl, "pkg", List.of(ALICE), false));
        assertEquals(Reason.NO_ENTRY, e.reason());
        assertEquals("no ACL entry for module pkg", e.getMessage());
    }

    @Test
    void weightsOfDistinctListedSignersAreSummed() throws Exception {
        AclDecision d = AclEvaluator.check(TWO_MAN, "file", List.of(ALICE, BOB), false);
        assertEquals(2, d.weight());
        assertEquals(List.of(ALICE, BOB), d.countedSigners());
    }

    @Test
    void insufficientWeightNamesNeedAndGotLikeMig() {
        AclException e = assertThrows(AclException.class,
                () -> AclEvaluator.check(TWO_MAN, "file", List.of(ALICE), false));
        assertEquals(Reason.INSUFFICIENT_WEIGHT, e.reason());
        assertEquals("permission denied for operation file, insufficient signatures weight (need 2, got 1)",
                e.getMessage());
    }

    @Test
    void signerNotListedInTheEntryAddsNothing() {
        AclException e = assertThrows(AclException.class,
                () -> AclEvaluator.check(TWO_MAN, "file", List.of(ALICE, CAROL), false));
        assertTrue(e.getMessage().endsWith("(need 2, got 1)"), e.getMessage());
    }

    @Test
    void sameKeyTwiceIsAViolationEvenInDifferentCase() {
        AclException e = assertThrows(AclException.class,
                () -> AclEvaluator.check(TWO_MAN, "file", List.of(ALICE, ALICE.toLowerCase()), false));
        assertEquals(Reason.DUPLICATE_SIGNER, e.reason());
        assertTrue(e.getMessage().contains("multiple times"), e.getMessage());
    }

    @Test
    void fingerprintsCompareCaseInsensitively() throws Exception {
        assertEquals(2, AclEvaluator.check(TWO_MAN, "file", List.of(ALICE.toLowerCase(), BOB), false).weight());
    }

    @Test
    void minimumWeightBelowOneIsAnInvalidAcl() {
        for (int min : new int[] {0, -1}) {
            Acl acl = Acl.parse("{\"default\":{\"minimumweight\":" + min + ",\"investigators\":{}}}");
            AclException e = assertThrows(AclException.class,
                    () -> AclEvaluator.check(acl, "file", List.of(ALICE), false));
            assertEquals(Reason.INVALID_ACL, e.reason());
            assertTrue(e.getMessage().contains("minimumweight must be at least 1"), e.getMessage());
        }
        Acl missing = Acl.parse("{\"default\":{\"investigators\":{}}}");
        assertEquals(Reason.INVALID_ACL, assertThrows(AclException.class,
                () -> AclEvaluator.check(missing, "file", List.of(ALICE), false)).reason());
    }

    @Test
    void negativeInvestigatorWeightIsAnInvalidAcl() {
        Acl acl = Acl.parse("{\"default\":{\"minimumweight\":1,\"investigators\":{\"a\":{\"fingerprint\":\"" + ALICE
                + "\",\"weight\":-5},\"b\":{\"fingerprint\":\"" + BOB + "\",\"weight\":9}}}}");
        assertEquals(Reason.INVALID_ACL, assertThrows(AclException.class,
                () -> AclEvaluator.check(acl, "file", List.of(ALICE, BOB), false)).reason());
    }

    @Test
    void onlyVerifyPubKeySkipsWeightsButNeedsAVerifiedSigner() throws Exception {
        AclDecision d = AclEvaluator.check(Acl.DENY_ALL, "file", List.of(CAROL), true);
        assertEquals(0, d.minimumWeight());
        AclException e = assertThrows(AclException.class,
                () -> AclEvaluator.check(Acl.DENY_ALL, "file", List.of(), true));
        assertEquals(Reason.NO_SIGNER, e.reason());
        assertEquals(Reason.DUPLICATE_SIGNER, assertThrows(AclException.class,
                () -> AclEvaluator.check(Acl.DENY_ALL, "file", List.of(CAROL, CAROL), true)).reason());
    }

    @Test
    void builtInAclDeniesEveryone() {
        assertEquals(Reason.INSUFFICIENT_WEIGHT, assertThrows(AclException.class,
                () -> AclEvaluator.check(Acl.DENY_ALL, "file", List.of(ALICE), false)).reason());
    }

    @Test
    void noSignerAtAllIsRefused() {
        assertEquals(Reason.NO_SIGNER, assertThrows(AclException.class,
                () -> AclEvaluator.check(TWO_MAN, "file", List.of(), false)).reason());
    }

    @Test
    void everyOperationOfAnActionIsChecked() throws Exception {
        var json = """
                {"name":"n","target":"t","operations":[{"module":"netstat","parameters":{}},
                 {"module":"file","parameters":{}}]}""";
        var action = io.gator.core.json.MigJson.read(json, io.gator.core.action.Action.class);
        AclException e = assertThrows(AclException.class,
                () -> AclEvaluator.checkAction(TWO_MAN, action, List.of(ALICE), false));
        assertTrue(e.getMessage().contains("operation file"), e.getMessage());
        assertEquals(2, AclEvaluator.checkAction(TWO_MAN, action, List.of(ALICE, BOB), false).size());
    }
}
