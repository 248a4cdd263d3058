package io.gator.core.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

class AclTest {
    @Test
    void parsesMigAgentAclFixture() {
        Acl acl = Acl.parse(Fixtures.read("mig-wire/keys/agent-acl.json"));
        AclEntry d = acl.entries().get("default");
        assertEquals(1, d.minimumWeight());
        assertEquals(new AclInvestigator("22C8D4068CDF26758089E511F9BF5E2FBEC6D8C1", 1), d.investigators().get("alice"));
    }

    @Test
    void fieldNamesAreCaseInsensitiveLikeGoButModuleNamesAreExact() {
        Acl acl = Acl.parse("""
                {"File": {"MinimumWeight": 3, "Investigators": {"Alice": {"FingerPrint": "AB", "WEIGHT": 2}}}}""");
        AclEntry e = acl.entries().get("File");
        assertEquals(3, e.minimumWeight());
        assertEquals(new AclInvestigator("AB", 2), e.investigators().get("Alice"));
        assertFalse(acl.entryFor("file").isPresent());
        assertTrue(acl.entryFor("File").isPresent());
    }

    @Test
    void malformedAclNamesTheBadValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Acl.parse("[1]")).getMessage()
                .contains("JSON object"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Acl.parse("{\"default\":{\"minimumweight\":\"1\"}}"))
                .getMessage().contains("default.minimumweight"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Acl.parse(
                "{\"default\":{\"minimumweight\":1,\"investigators\":{\"a\":{\"weight\":1.5}}}}"))
                .getMessage().contains("default.investigators.a.weight"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Acl.parse("{not json"))
                .getMessage().contains("not valid JSON"));
    }
}
