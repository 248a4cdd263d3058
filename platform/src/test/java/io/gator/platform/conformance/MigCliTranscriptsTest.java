package io.gator.platform.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.AgentLauncher;
import io.gator.cli.MigMain;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.relay.amqp.RabbitVhost;
import io.gator.core.sign.KeyGen;
import io.gator.core.testing.Fixtures;
import io.gator.platform.role.Investigators;
import io.gator.platform.role.Nodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * MIG conformance, CLI: every transcript of MIG's {@code mig} (fixtures cli/*.txt) is replayed with the same
 * arguments against a platform this test starts (scheduler and API on PostgreSQL, RabbitMQ, a real agent
 * named "vm" on this host), and Gator prints the same kinds of lines: the target count, the action id, the
 * summary counts, each module's result lines (compared by shape: numbers, paths, MACs and file modes
 * abstracted), and the closing line. Gator may add lines; it may not drop a kind MIG printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigCliTranscriptsTest {
    private Path dir;
    private String db;
    private RabbitVhost vhost;
    private Nodes.Server server;
    private AgentLauncher.Running agent;
    private Path aliceRc;
    private Path bobRc;
    private Config config;
    private AmqpSettings amqp;

    @BeforeAll
    void start() throws Exception {
        Fixtures.root();
        dir = Files.createTempDirectory("gator-transcripts-");
        db = "gator_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        admin("CREATE DATABASE " + db);
        vhost = new RabbitVhost();
        KeyGen.GeneratedKey alice = KeyGen.rsa("alice <alice@example.net>", 2048);
        KeyGen.GeneratedKey bob = KeyGen.rsa("bob <bob@example.net>", 2048);
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/alice.asc"), alice.armoredPublicKey());
        Files.writeString(dir.resolve("alice.sec"), alice.armoredSecretKey());
        Files.writeString(dir.resolve("bob.sec"), bob.armoredSecretKey());
        // the agent's ACL knows alice only, as in MIG's capture
        Files.writeString(dir.resolve("acl.json"), "{\"default\":{\"minimumweight\":1,\"investigators\":{\"alice\":"
                + "{\"fingerprint\":\"" + alice.fingerprint() + "\",\"weight\":1}}}}");
        config = ConfigFactory.parseString("""
                gator.persistence { url = "jdbc:postgresql://127.0.0.1:5432/%s", init-schema-on-start = true }
                gator.api { port = 0, public-url = "http://127.0.0.1" }
                gator.agent { name = "vm", run-dir = "%s", keyring-dir = "%s", acl-file = "%s", heartbeat-interval = 2s }
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
                pekko.cluster.roles = [scheduler, api]
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                gator.cluster.management.enabled = off
                """.formatted(db, dir.resolve("run"), dir.resolve("keys"), dir.resolve("acl.json")))
                .withFallback(ConfigFactory.load()).resolve();
        amqp = AmqpSettings.fromRoot(config).withUri(vhost.uri());
        server = Nodes.start(config, AmqpRelay.start(amqp.withConnectionName("cli-scheduler")), Clock.systemUTC());
        Investigators.create(server.db(), "alice", alice.armoredPublicKey(), true);
        Investigators.create(server.db(), "bob", bob.armoredPublicKey(), false);
        Thread.sleep(1500);
        agent = AgentLauncher.start(config, AmqpRelay.start(amqp.withConnectionName("cli-agent")), Clock.systemUTC());
        int port = server.api().orElseThrow().localAddress().getPort();
        aliceRc = rc("alice", port);
        bobRc = rc("bob", port);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!mig(List.of("agent", "search", "status='online'", "-c", aliceRc.toString())).err().contains("1 agents")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the agent never came online");
            }
            Thread.sleep(500);
        }
    }

    private Path rc(String who, int port) throws Exception {
        Path f = dir.resolve(who + ".migrc");
        Files.writeString(f, "api.url = \"http://127.0.0.1:" + port + "/api/v1\"\nkey.file = \"" + dir.resolve(who + ".sec")
                + "\"\n");
        return f;
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) {
            agent.stop();
        }
        if (server != null) {
            server.close();
        }
        if (vhost != null) {
            vhost.close();
        }
        admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }

    @TestFactory
    Stream<DynamicTest> everyMigTranscriptPrintsTheSameKindsOfLines() {
        return Fixtures.list("mig-wire/cli", ".txt").stream().map(p -> DynamicTest.dynamicTest(
                p.getFileName().toString(), () -> replay(p.getFileName().toString())));
    }

    private void replay(String name) throws Exception {
        List<String> transcript = Fixtures.read("mig-wire/cli/" + name).lines().toList();
        String commandLine = transcript.get(0).startsWith("$ mig ")
                ? transcript.get(0).substring("$ mig ".length()).replaceAll("\\s+\\(agent's.*\\)$", "")
                : commandOfFollowedAction(transcript);
        List<String> argv = shellWords(commandLine);
        if (name.startsWith("21-")) {
            // MIG's capture: the agent ran with a 50 ms module timeout and was targeted by its pid. Same here: the
            // agent restarts with that timeout (same run dir, same queue) and this JVM's pid is its pid.
            agent.stop();
            agent = AgentLauncher.start(config.withValue("gator.agent.module-timeout",
                    com.typesafe.config.ConfigValueFactory.fromAnyRef("50ms")),
                    AmqpRelay.start(amqp.withConnectionName("cli-agent-2")), Clock.systemUTC());
            Thread.sleep(3000);
            for (int i = 0; i < argv.size(); i++) {
                argv.set(i, argv.get(i).replaceAll("pid=\\d+", "pid=" + ProcessHandle.current().pid()));
            }
        }
        for (int i = 0; i < argv.size(); i++) {
            if (argv.get(i).equals("-sha2")) {
                argv.set(i + 1, sha256("/etc/passwd")); // this host's passwd, not the capture's
            }
        }
        List<String> ours = new ArrayList<>(argv.subList(0, 1));
        ours.addAll(List.of("-c", (name.startsWith("20-") ? bobRc : aliceRc).toString(), "-yes"));
        ours.addAll(argv.subList(1, argv.size()));
        Run r = mig(ours);
        String all = r.err() + r.out();
        if (name.startsWith("11-")) {
            assertEquals(1, r.code());
            assertTrue(r.err().contains(transcript.get(1).substring(0, transcript.get(1).indexOf(". Must be"))),
                    r.err());
            assertTrue(!all.contains("Following action ID"), "nothing launched: " + all);
            return;
        }
        String summary = transcript.stream().filter(l -> l.matches("\\d+ sent, \\d+ done.*")).findFirst().orElseThrow();
        // Gator's exit code says whether every agent succeeded (MIG's was 0 once launched)
        boolean unsuccessful = summary.matches(".*(failed|timed out|expired|cancelled).*");
        assertEquals(unsuccessful ? io.gator.cli.ExitCode.COMMANDS_UNSUCCESSFUL.code() : 0, r.code(), all);
        assertTrue(all.contains("1 agents will be targeted"), all);
        assertTrue(all.matches("(?s).*Following action ID \\d+\\..*"), all);
        assertTrue(all.lines().anyMatch(l -> l.equals(summary)), "summary '" + summary + "' in:\n" + all);
        String closing = transcript.get(transcript.size() - 1);
        assertTrue(all.lines().anyMatch(l -> l.equals(closing)), "closing '" + closing + "' in:\n" + all);
        int first = transcript.indexOf(summary) + 1;
        Set<String> migKinds = new LinkedHashSet<>();
        transcript.subList(first, transcript.size() - 1).forEach(l -> migKinds.add(kind(l)));
        Set<String> ourKinds = new LinkedHashSet<>();
        all.lines().forEach(l -> ourKinds.add(kind(l)));
        List<String> missing = migKinds.stream().filter(k -> !ourKinds.contains(k)).toList();
        assertTrue(missing.isEmpty(), "kinds of lines MIG printed and Gator did not: " + missing + "\nGator:\n" + all);
    }

    /** Transcripts without their command line: the action MIG followed is in the AMQP fixtures, named by its argv. */
    static String commandOfFollowedAction(List<String> transcript) {
        String id = transcript.stream().filter(l -> l.startsWith("Following action ID ")).findFirst().orElseThrow()
                .replaceAll("\\D", "");
        return Fixtures.list("mig-wire/amqp", ".command.json").stream()
                .map(f -> io.gator.core.json.MigJson.read(Fixtures.read("mig-wire/amqp/" + f.getFileName()),
                        io.gator.core.command.Command.class).action())
                .filter(a -> Long.toString(a.id()).equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no AMQP fixture for action " + id)).name().trim();
    }

    /** A line's shape: MACs, paths, file modes and numbers abstracted, so host-specific values compare equal. */
    static String kind(String line) {
        // a hash depends on the host's file (installing a package can add a user to /etc/passwd): its shape only
        return line.replaceAll("\\b[0-9a-f]{32,}\\b", "HEX")
                .replaceAll("([0-9a-f]{2}:){5}[0-9a-f]{2}", "MAC")
                .replaceAll("(?<=[\\s'(])/[^\\s\\]\\[,']*", "/P")
                .replaceAll("mode:[-dlrwxsStT]{10}", "mode:M")
                .replaceAll("[0-9][0-9.]*(ns|µs|us|ms|s)?", "#")
                .replaceAll("#(:#)+", "#")
                .replaceAll("deb#u#", "deb#")
                .replaceAll("~", "");
    }

    static List<String> shellWords(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQuote = false;
        boolean any = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                inQuote = !inQuote;
                any = true;
            } else if (c == ' ' && !inQuote) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
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

    static String sha256(String file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of(file))));
    }

    static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
