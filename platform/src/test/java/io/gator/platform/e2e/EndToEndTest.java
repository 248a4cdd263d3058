package io.gator.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.MigMain;
import io.gator.core.json.MigJson;
import io.gator.core.sign.KeyGen;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain on the real services: one node with the scheduler and API roles on PostgreSQL,
 * a fleet of simulated agents, RabbitMQ in between, and the {@code mig} CLI launching a file search,
 * following it and printing every agent's match; then the same with {@code -json}.
 */
class EndToEndTest {
    private static final int AGENTS = 20;

    @Test
    void migFileFindsTheFileOnEveryAgentThroughApiSchedulerRabbitMqAndPostgres(@TempDir Path dir) throws Exception {
        KeyGen.GeneratedKey alice = KeyGen.rsa("alice <alice@example.net>", 2048);
        Path etc = TestPlatform.etcWithPasswd(dir);
        Files.writeString(etc.resolve("group"), "root:x:0:\n");
        try (TestPlatform platform = TestPlatform.start(dir, TestPlatform.Setup.of("e2e", AGENTS, alice))) {
            Path migrc = platform.migrc("alice");
            Run text = mig(List.of("file", "-c", migrc.toString(), "-yes", "-t", "all", "-path", etc.toString(),
                    "-name", "^passwd$"));
            assertEquals(0, text.code(), text.err());
            List<String> lines = text.out().lines().filter(l -> l.contains("/etc/passwd [")).toList();
            assertEquals(AGENTS, lines.size(), text.out() + text.err());
            assertTrue(lines.stream().allMatch(l -> l.matches("sim-\\d+ .*/tree/etc/passwd \\[lastmodified:.*, "
                    + "mode:-rw-r--r--, size:32\\] in search 's1'")), lines.toString());
            assertTrue(text.err().contains(AGENTS + " sent, " + AGENTS + " done, " + AGENTS + " succeeded"), text.err());
            assertTrue(text.err().contains(AGENTS + " agents have found results"), text.err());

            Run json = mig(List.of("file", "-c", migrc.toString(), "-yes", "-json", "-t", "all", "-path",
                    etc.toString(), "-name", "^group$"));
            assertEquals(0, json.code(), json.err());
            JsonNode doc = MigJson.tree(json.out());
            assertEquals(AGENTS, doc.get("commands").size());
            assertEquals("completed", doc.at("/action/status").asText());
            assertEquals(AGENTS, doc.at("/action/counters/success").asInt());

            // compressed parameters (-z): the API inflates them to validate, stores and forwards the signed
            // compressed form, and the agents verify and inflate it
            Run zipped = mig(List.of("file", "-c", migrc.toString(), "-yes", "-json", "-z", "-t", "all", "-path",
                    etc.toString(), "-name", "^passwd$"));
            assertEquals(0, zipped.code(), zipped.err());
            JsonNode z = MigJson.tree(zipped.out());
            assertEquals(AGENTS, z.at("/action/counters/success").asInt(), zipped.out());
            assertTrue(z.at("/action/operations/0/is_compressed").asBoolean(), zipped.out());
            assertTrue(z.at("/action/operations/0/parameters").isTextual(), zipped.out());

            // investigator administration through the API, as an admin
            KeyGen.GeneratedKey bob = KeyGen.ed25519("bob <bob@example.net>");
            Files.writeString(dir.resolve("bob.asc"), bob.armoredPublicKey());
            Run created = mig(List.of("investigator", "create", "bob", dir.resolve("bob.asc").toString(), "-c",
                    migrc.toString()));
            assertEquals(0, created.code(), created.err());
            assertTrue(created.out().contains(bob.fingerprint()) && created.out().contains("active"), created.out());
            String bobId = created.out().trim().split("\\s+")[0];
            Run disabled = mig(List.of("investigator", "disable", bobId, "-c", migrc.toString()));
            assertTrue(disabled.out().contains("disabled"), disabled.out() + disabled.err());
            Run events = mig(List.of("action", "events", doc.at("/action/id").asText(), "-c", migrc.toString()));
            assertEquals(0, events.code(), events.err());
            assertTrue(events.out().contains("ActionCreated") && events.out().contains("ActionCompleted"),
                    events.out());
        }
    }

    record Run(int code, String out, String err) {}

    static Run mig(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        MigMain main = new MigMain(new MigMain.Wiring(Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), 0, Duration.ofMillis(200),
                MigMain.Wiring.defaults().signers(), MigMain.Wiring.defaults().printer()));
        int code = main.run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void waitForAgents(Path migrc, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Run r = mig(List.of("agent", "search", "status='online'", "-c", migrc.toString(), "-json"));
            if (r.code() == 0 && MigJson.tree(r.out()).size() >= n) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(n + " agents never came online");
    }

    static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
