package io.gator.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.core.sign.KeyGen;
import io.gator.relay.FakeRelay;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

import io.gator.core.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentMainTest {
    @Test
    void theCdsTrainingRunSendsTheAgentASignedSearchAndSucceedsOnlyOnItsSuccessfulResult() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = AgentMain.run(new String[] {"--cds-training"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, printed + err.toString(StandardCharsets.UTF_8));
        assertTrue(printed.contains("a signed file search answered: success"), printed);
    }

    @Test
    void minusNTurnsThePersistentModulesOffAndCheckinTurnsCheckinOn() {
        Config base = ConfigFactory.parseString("gator.agent { persistent-modules = on, checkin = off }");
        Config plain = AgentMain.withFlags(base, false, false);
        assertTrue(plain.getBoolean("gator.agent.persistent-modules"));
        Config flagged = AgentMain.withFlags(base, true, true);
        assertEquals(false, flagged.getBoolean("gator.agent.persistent-modules"));
        assertTrue(flagged.getBoolean("gator.agent.checkin"));
    }

    @Test
    void minusMRunsOneModuleFromStandardInputWithoutConfigFileRelayOrKeys() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = AgentMain.run(new String[] {"-m", "echo"},
                stdin("{\"class\":\"parameters\",\"parameters\":{\"text\":\"hi\"}}"),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertEquals(0, rc);
        assertEquals("{\"foundanything\":true,\"success\":true,\"elements\":{\"echo\":\"hi\"},\"statistics\":null,"
                + "\"errors\":null}", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void minusPPrintsTheResultThroughTheModulesPrinter() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = AgentMain.run(new String[] {"agent", "-m", "echo", "-p"},
                stdin("{\"class\":\"parameters\",\"parameters\":{\"text\":\"hi\"}}"),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertEquals(0, rc);
        assertEquals("echo hi\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownModulePrintsMigsCapturedAnswer() throws Exception {
        List<String> capture = Files.readAllLines(Fixtures.path("mig-wire/modules/fswatch/98-persist-mode-misuse.txt"));
        int at = capture.indexOf("$ echo {} | mig-agent -m nosuchmodule");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int rc = AgentMain.run(new String[] {"-m", "nosuchmodule"}, stdin("{}"),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertEquals(capture.get(at + 1), out.toString(StandardCharsets.UTF_8));
        assertEquals("[exit code: " + rc + "]", capture.get(at + 2));
    }

    @Test
    void minusPWithoutAModuleIsAUsageError() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = AgentMain.run(new String[] {"-p"}, stdin(""), System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(AgentMain.USAGE, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("-p goes with -m MODULE"));
    }

    @Test
    void minusMAgentCheckinIsTheCheckinModeNotAModule() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int rc = AgentMain.run(new String[] {"-m", "agent-checkin", "-c", "/nonexistent/agent.conf"}, stdin(""),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        // the agent's start (which needs its config file), not a direct module run
        assertEquals(AgentMain.FAILED, rc);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("config file /nonexistent/agent.conf not found"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCheckinRunWithAnEmptyQueueExitsZeroAfterTheIdleTime(@TempDir Path dir) throws Exception {
        FakeRelay relay = new FakeRelay();
        long start = System.nanoTime();

        int rc = AgentMain.checkin(checkinConfig(dir), relay, System.err);

        assertEquals(0, rc);
        assertTrue(java.time.Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300);
        assertEquals(1, relay.published.size(), "the one heartbeat: " + relay.published);
    }

    @Test
    void aCheckinRunStillWaitingForAnAnswerAtTheCapExitsNonZeroWithMigsLine(@TempDir Path dir) throws Exception {
        // the broker never confirms, so the refused (unsigned) command's answer is still unpublished at the cap
        FakeRelay relay = FakeRelay.holding();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread feeder = new Thread(() -> {
            while (!relay.subscribed()) {
                Thread.onSpinWait();
            }
            java.time.OffsetDateTime now = java.time.OffsetDateTime.now();
            io.gator.core.action.Action a = io.gator.core.action.Action.of(10, "unsigned", "status='online'",
                    now.minusMinutes(1), now.plusMinutes(10), List.of(new io.gator.core.action.Operation("file",
                            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode())))
                    .withSignatures(List.of("not a signature"));
            relay.deliver("1", io.gator.core.json.MigJson.writeBytes(io.gator.core.command.Command.sent(1, a, now)));
        });
        feeder.start();

        int rc = AgentMain.checkin(checkinConfig(dir), relay, new PrintStream(err, true, StandardCharsets.UTF_8));

        feeder.join(5000);
        assertEquals(AgentMain.FAILED, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Agent in checkin mode reached max exec time, exiting"),
                err.toString(StandardCharsets.UTF_8));
    }

    /** Checkin mode with a key and an ACL, idle 300 ms, cap 1.1 s. */
    private static Config checkinConfig(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("keys"));
        KeyGen.GeneratedKey key = KeyGen.rsa("t <t@localhost>", 2048);
        Files.writeString(dir.resolve("keys/t.asc"), key.armoredPublicKey());
        Files.writeString(dir.resolve("acl.json"), "{\"default\":{\"minimumweight\":1,\"investigators\":{\"t\":"
                + "{\"fingerprint\":\"" + key.fingerprint() + "\",\"weight\":1}}}}");
        return ConfigFactory.parseString("gator.agent { checkin = on, checkin-idle = 300ms, module-timeout = 1s"
                + ", run-dir = \"" + dir.resolve("run") + "\", keyring-dir = \"" + dir.resolve("keys")
                + "\", acl-file = \"" + dir.resolve("acl.json") + "\" }").withFallback(ConfigFactory.load());
    }

    private static ByteArrayInputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
