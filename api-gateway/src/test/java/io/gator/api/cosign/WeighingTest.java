package io.gator.api.cosign;

import com.typesafe.config.ConfigFactory;
import io.gator.api.action.ActionRejectedException;
import io.gator.core.acl.Acl;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.json.MigJson;
import io.gator.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeighingTest {
    static final String ALICE = "22C8D4068CDF26758089E511F9BF5E2FBEC6D8C1";
    static final String BOB = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
    static final String CAROL = "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC";
    static final Acl TWO_FOR_MEMORY = Acl.parse("""
            {"default": {"minimumweight": 1, "investigators": {"alice": {"fingerprint": "%s", "weight": 1},
                                                               "bob": {"fingerprint": "%s", "weight": 1}}},
             "memory": {"minimumweight": 2, "investigators": {"alice": {"fingerprint": "%s", "weight": 1},
                                                              "bob": {"fingerprint": "%s", "weight": 1}}}}
            """.formatted(ALICE, BOB, ALICE, BOB));

    static Action action(String... modules) {
        OffsetDateTime t = OffsetDateTime.of(2026, 12, 1, 10, 0, 0, 0, ZoneOffset.UTC);
        return Action.of(0, "a", "true", t, t.plusHours(1), java.util.Arrays.stream(modules)
                .map(m -> new Operation(m, MigJson.tree("{}"))).toList());
    }

    @Test
    void theFixtureAclLetsAliceAloneRunAnyModule() {
        Acl fixture = Acl.parse(Fixtures.read("mig-wire/keys/agent-acl.json"));
        Weighing w = Weighing.of(fixture, action("file", "netstat"), List.of(ALICE));
        assertTrue(w.sufficient());
        assertEquals(List.of(new ModuleWeight("file", "default", 1, 1), new ModuleWeight("netstat", "default", 1, 1)),
                w.modules());
    }

    @Test
    void eachModuleIsWeighedAgainstItsOwnEntryElseDefault() {
        Weighing w = Weighing.of(TWO_FOR_MEMORY, action("file", "memory", "file"), List.of(ALICE));
        assertFalse(w.sufficient());
        assertEquals(List.of(new ModuleWeight("file", "default", 1, 1), new ModuleWeight("memory", "memory", 1, 2)),
                w.modules(), "a module repeated in the action is weighed once");
        assertEquals("memory: 1 of 2, needs 1 more", w.missing());
        assertTrue(Weighing.of(TWO_FOR_MEMORY, action("memory"), List.of(ALICE, BOB)).sufficient());
    }

    @Test
    void signersOutsideTheEntryAddNothing() {
        Weighing w = Weighing.of(TWO_FOR_MEMORY, action("memory"), List.of(ALICE, CAROL));
        assertEquals(List.of(new ModuleWeight("memory", "memory", 1, 2)), w.modules());
    }

    @Test
    void aModuleNoEntryCoversIsRefusedSinceNoCoSignatureCouldHelp() {
        Acl onlyFile = Acl.parse("{\"file\": {\"minimumweight\": 1, \"investigators\": {}}}");
        ActionRejectedException e = assertThrows(ActionRejectedException.class,
                () -> Weighing.of(onlyFile, action("netstat"), List.of(ALICE)));
        assertTrue(e.getMessage().contains("no ACL entry for module netstat"), e.getMessage());
    }

    @Test
    void settingsReadTheAgentsAclFileAndRefuseItBesideAnInlineAcl(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("acl.json"),
                Fixtures.read("mig-wire/keys/agent-acl.json"));
        CosignSettings s = CosignSettings.fromConfig(ConfigFactory.parseString(
                "gator.api.cosign.acl-file = \"" + file + "\"").withFallback(ConfigFactory.load()));
        assertTrue(s.enabled());
        assertEquals(Acl.parse(Fixtures.read("mig-wire/keys/agent-acl.json")), s.acl());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> CosignSettings.fromConfig(
                ConfigFactory.parseString("gator.api.cosign { acl-file = \"" + file + "\", acl { default {"
                        + " minimumweight = 1 } } }").withFallback(ConfigFactory.load())));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
    }

    @Test
    void settingsAcceptTheAclAsHoconObjectOrJsonStringAndEmptyMeansOff() {
        assertFalse(CosignSettings.fromConfig(ConfigFactory.load()).enabled(), "off by default");
        CosignSettings hocon = CosignSettings.fromConfig(ConfigFactory.parseString("""
                gator.api.cosign.acl { memory { minimumweight = 2, investigators { alice {
                  fingerprint = "%s", weight = 1 } } } }
                """.formatted(ALICE)).withFallback(ConfigFactory.load()));
        assertEquals(2, hocon.acl().entryFor("memory").orElseThrow().minimumWeight());
        CosignSettings json = CosignSettings.fromConfig(ConfigFactory.parseString(
                "gator.api.cosign.acl = \"\"\"" + Fixtures.read("mig-wire/keys/agent-acl.json") + "\"\"\"")
                .withFallback(ConfigFactory.load()));
        assertEquals(Acl.parse(Fixtures.read("mig-wire/keys/agent-acl.json")), json.acl());
        assertThrows(IllegalArgumentException.class, () -> CosignSettings.fromConfig(ConfigFactory.parseString(
                "gator.api.cosign.acl { default { minimumweight = many } }").withFallback(ConfigFactory.load())));
    }
}
