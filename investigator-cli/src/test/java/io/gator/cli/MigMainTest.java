package io.gator.cli;

import static io.gator.cli.FakeApi.error;
import static io.gator.cli.FakeApi.items;
import static io.gator.cli.FakeApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.cli.sign.Signer;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigJson;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mig command against an API over HTTP: prompts, error messages, configuration lookup, lock-out guards. */
class MigMainTest {
    private static final String ALICE_FP = "A".repeat(40);

    /** One CLI with captured streams, its stdin, its environment and its Ctrl-C handler. */
    static final class Cli {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final AtomicReference<Runnable> ctrlC = new AtomicReference<>();
        final MigMain main;

        Cli(InputStream in, Map<String, String> env, Function<io.gator.cli.config.MigRc, Signer> signers) {
            this(in, env, signers, java.nio.file.Path.of("/"));
        }

        /** Files named by module flags read under {@code clientRoot}. */
        Cli(InputStream in, Map<String, String> env, Function<io.gator.cli.config.MigRc, Signer> signers,
            java.nio.file.Path clientRoot) {
            main = new MigMain(new MigMain.Wiring(Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), 0, Duration.ofMillis(50), signers,
                    MigMain.Wiring.defaults().printer(), in, env::get, ctrlC::set, clientRoot));
        }

        Cli(InputStream in, Map<String, String> env) {
            this(in, env, rc -> fakeSigner(ALICE_FP));
        }

        Cli(InputStream in, Map<String, String> env, java.nio.file.Path clientRoot) {
            this(in, env, rc -> fakeSigner(ALICE_FP), clientRoot);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    static Signer fakeSigner(String fingerprint) {
        return new Signer() {
            @Override
            public String sign(byte[] data) {
                return "c2lnbmF0dXJl";
            }

            @Override
            public java.util.Optional<String> fingerprint() {
                return java.util.Optional.of(fingerprint);
            }
        };
    }

    static InputStream noInput() {
        return InputStream.nullInputStream();
    }

    // ------------------------------------------------------------------ Ctrl-C

    /** A launch followed against {@code api} (action {@code id}, never finishing), interrupted by Ctrl-C. */
    private static final class InterruptedLaunch {
        final PipedOutputStream keyboard = new PipedOutputStream();
        final Cli cli;
        final AtomicInteger code = new AtomicInteger(-1);
        final Thread main;

        InterruptedLaunch(FakeApi api, Path dir, long id) throws Exception {
            AtomicReference<ObjectNode> action = new AtomicReference<>();
            api.on("action/create/", r -> {
                ObjectNode a = (ObjectNode) MigJson.tree(r.form().get("action"));
                a.put("id", id).put("status", "inflight");
                action.set(a);
                return new FakeApi.Reply(202, items("action ID " + id, List.of(a)));
            });
            api.on("action", r -> ok(items("action", List.of(action.get()))));
            api.on("action/cancel/", r -> ok(items("action", List.of(action.get()))));
            api.on("search", r -> ok(items("agent", List.of(MigExitCodesTest.agent(1)))));
            cli = new Cli(new PipedInputStream(keyboard), Map.of());
            String rc = api.migrc(dir).toString();
            main = new Thread(() -> code.set(cli.main.run(List.of("file", "-c", rc, "-yes", "-path", "/etc"))));
            main.start();
            await(() -> !api.requests("action?").isEmpty(), "the CLI follows the action");
            new Thread(cli.ctrlC.get()).start(); // as the JVM runs a signal handler: on a thread of its own
            await(() -> cli.err().contains("[y/N]"), "the cancel prompt");
        }

        void answer(String line) throws Exception {
            keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            main.join(10_000);
            assertFalse(main.isAlive());
            // following stopped before every agent answered
            assertEquals(ExitCode.COMMANDS_UNSUCCESSFUL.code(), code.get(), cli.err());
        }
    }

    @Test
    void ctrlCAsksWhetherToCancelAndWaitsForTheAnswerBeforeLeaving(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            InterruptedLaunch launch = new InterruptedLaunch(api, dir, 42);
            launch.main.join(700);
            assertTrue(launch.main.isAlive(), "the CLI left before the answer:\n" + launch.cli.err());
            assertTrue(api.requests("action/cancel/").isEmpty());
            launch.answer("y");
            assertEquals(List.of("42"), api.requests("action/cancel/").stream().map(r -> r.form().get("actionid")).toList());
            assertTrue(launch.cli.err().contains("action 42 cancelled"), launch.cli.err());
        }
    }

    @Test
    void ctrlCAnsweredNoLeavesTheActionRunning(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            InterruptedLaunch launch = new InterruptedLaunch(api, dir, 43);
            launch.answer("n");
            assertTrue(api.requests("action/cancel/").isEmpty());
            assertTrue(launch.cli.err().contains("mig action cancel 43"), launch.cli.err());
        }
    }

    // ------------------------------------------------------------------ error messages

    /** Runs a command expected to fail; the message must name the problem without Java's exception names. */
    private static String failsClearly(Cli cli, List<String> args, String expected) {
        int code = cli.main.run(args);
        String err = cli.err();
        assertEquals(1, code, err);
        assertFalse(err.matches("(?s).*[A-Za-z]+(Exception|Error)\\b.*"), "exception name in: " + err);
        assertFalse(err.contains(": null") || err.contains("io.gator.") || err.contains("java."), err);
        assertTrue(err.contains(expected), "'" + expected + "' not in: " + err);
        return err;
    }

    @Test
    void aModuleWithoutFlagsIsNotLaunchedByHandAndAnUnknownOneListsTheLaunchable() {
        failsClearly(new Cli(noInput(), Map.of()), List.of("agentdestroy", "-yes"),
                "error: module 'agentdestroy' does not support command line invocation");
        failsClearly(new Cli(noInput(), Map.of()), List.of("nosuchmodule"),
                "Unknown module nosuchmodule (known: audit, dispatch, file, fswatch, memory, netstat, ping, pkg, scribe, sshkey,"
                        + " timedrift, yara)");
    }

    @Test
    void aLocalRunWithoutAgentJarSaysHowToGiveOneAndNeedsNoConfiguration(@TempDir Path dir) {
        Path missing = dir.resolve("gator-agent.jar");
        failsClearly(new Cli(noInput(), Map.of("GATOR_AGENT_JAR", missing.toString())),
                List.of("file", "-t", "local", "-path", "/etc", "-name", "^passwd$"),
                "error: the agent jar (gator-agent.jar) was not found at " + missing
                        + ": set GATOR_AGENT_JAR to run modules with -t local");
    }

    @Test
    void aMissingConfigurationFileIsNamedPlainly(@TempDir Path dir) {
        Path missing = dir.resolve("nope/.migrc");
        failsClearly(new Cli(noInput(), Map.of()), List.of("file", "-c", missing.toString(), "-path", "/etc"),
                "cannot read " + missing + ": no such file");
    }

    @Test
    void aMissingActionFileIsNamedPlainly(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            Path missing = dir.resolve("action.json");
            failsClearly(new Cli(noInput(), Map.of()), List.of("-i", missing.toString(), "-c", api.migrc(dir).toString()),
                    "cannot read " + missing + ": no such file");
        }
    }

    @Test
    void anActionFileThatIsNotAnActionIsNamedPlainly(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            Path bad = Files.writeString(dir.resolve("action.json"), "{\"operations\": 5}");
            failsClearly(new Cli(noInput(), Map.of()), List.of("-i", bad.toString(), "-c", api.migrc(dir).toString()),
                    bad.toString());
        }
    }

    @Test
    void anUnreachableApiSaysConnectionRefused(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path rc = Files.writeString(dir.resolve("rc"), "api.url = \"http://127.0.0.1:" + port + "/api/v1/\"\napi.key = k\n");
        failsClearly(new Cli(noInput(), Map.of()), List.of("action", "show", "1", "-c", rc.toString()),
                "cannot reach the API at http://127.0.0.1:" + port + "/api/v1/: connection refused");
    }

    @Test
    void aMissingPublicKeyFileIsNamedPlainly(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            Path missing = dir.resolve("bob.asc");
            failsClearly(new Cli(noInput(), Map.of()), List.of("investigator", "create", "bob", missing.toString(), "-c",
                    api.migrc(dir).toString()), "cannot read " + missing + ": no such file");
        }
    }

    @Test
    void aMissingSecretKeyFileIsNamedPlainly(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            Path missing = dir.resolve("alice.sec");
            Path rc = Files.writeString(dir.resolve("rc"), "api.url = \"" + api.url() + "\"\nkey.file = \"" + missing
                    + "\"\n");
            failsClearly(new Cli(noInput(), Map.of(), MigMain.Wiring.defaults().signers()), List.of("file", "-c",
                    rc.toString(), "-yes", "-path", "/etc"), "cannot read " + missing + ": no such file");
        }
    }

    @Test
    void aSignerFailingWithoutMessageStillSaysWhatFailed(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            Signer broken = data -> {
                throw new IllegalStateException();
            };
            failsClearly(new Cli(noInput(), Map.of(), rc -> broken), List.of("file", "-c", api.migrc(dir).toString(),
                    "-yes", "-path", "/etc"), "cannot sign");
        }
    }

    @Test
    void aConfigurationWithoutApiUrlSaysSo(@TempDir Path dir) throws Exception {
        Path rc = Files.writeString(dir.resolve("rc"), "api.key = k\n");
        failsClearly(new Cli(noInput(), Map.of()), List.of("action", "show", "1", "-c", rc.toString()), "api.url");
    }

    @Test
    void aTargetFoundThatIsNotAnActionIdSaysSo(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            failsClearly(new Cli(noInput(), Map.of()), List.of("file", "-c", api.migrc(dir).toString(), "-target-found",
                    "abc", "-path", "/etc"), "invalid action id 'abc'");
        }
    }

    // ------------------------------------------------------------------ .migrc lookup

    @Test
    void theDefaultMigrcIsUnderHomeWhenHomeIsSet(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.migrc(dir);
            Files.move(dir.resolve("migrc"), dir.resolve(".migrc"));
            Cli cli = new Cli(noInput(), Map.of("HOME", dir.toString()));
            cli.main.run(List.of("action", "show", "7"));
            assertEquals(1, api.requests("action?actionid=7").size(), cli.err());
        }
    }

    @Test
    void migrcInTheEnvironmentWinsOverHome(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            Path rc = api.migrc(dir);
            Cli cli = new Cli(noInput(), Map.of("HOME", dir.resolve("elsewhere").toString(), "MIGRC", rc.toString()));
            cli.main.run(List.of("action", "show", "8"));
            assertEquals(1, api.requests("action?actionid=8").size(), cli.err());
        }
    }

    // ------------------------------------------------------------------ lock-outs

    static JsonNode investigator(long id, String name, String fingerprint, String status, Permissions p) {
        ObjectNode o = MigJson.mapper().createObjectNode().put("id", id).put("name", name)
                .put("pgpfingerprint", fingerprint).put("status", status);
        o.set("permissions", MigJson.mapper().valueToTree(p));
        return o;
    }

    private static FakeApi withInvestigators(FakeApi api, JsonNode... investigators) {
        api.on("search", r -> ok(items("investigator", List.of(investigators))));
        api.on("investigator", r -> {
            String id = r.pathAndQuery().replaceAll(".*investigatorid=", "");
            for (JsonNode i : investigators) {
                if (i.path("id").asText().equals(id)) {
                    return ok(items("investigator", List.of(i)));
                }
            }
            return error(404, "Investigator ID '" + id + "' not found");
        });
        api.on("investigator/update/", r -> ok(items("investigator", List.of(investigators[0]))));
        return api;
    }

    private static Path rcWithKey(FakeApi api, Path dir) throws Exception {
        return Files.writeString(dir.resolve("rc"), "api.url = \"" + api.url() + "\"\ngpg.keyid = \"" + ALICE_FP
                + "\"\n");
    }

    @Test
    void disablingTheLastActiveAdminIsRefusedBeforeAskingTheApi(@TempDir Path dir) throws Exception {
        try (FakeApi api = withInvestigators(new FakeApi(),
                investigator(1, "alice", ALICE_FP, "active", Permissions.ALL),
                investigator(2, "bob", "B".repeat(40), "active", Permissions.INVESTIGATOR),
                investigator(3, "carol", "C".repeat(40), "disabled", Permissions.ALL))) {
            Cli cli = new Cli(noInput(), Map.of());
            String err = failsClearly(cli, List.of("investigator", "disable", "1", "-c", rcWithKey(api, dir).toString(),
                    "-yes"), "last active admin");
            assertTrue(err.contains("gator investigator enable"), err);
            assertTrue(api.requests("investigator/update/").isEmpty());
        }
    }

    @Test
    void disablingYourOwnAdminAccountAsksFirst(@TempDir Path dir) throws Exception {
        try (FakeApi api = withInvestigators(new FakeApi(),
                investigator(1, "alice", ALICE_FP, "active", Permissions.ALL),
                investigator(2, "dave", "D".repeat(40), "active", Permissions.ALL))) {
            Path rc = rcWithKey(api, dir);
            Cli no = new Cli(new java.io.ByteArrayInputStream("\n".getBytes(StandardCharsets.UTF_8)), Map.of());
            assertEquals(1, no.main.run(List.of("investigator", "disable", "1", "-c", rc.toString())), no.err());
            assertTrue(no.err().contains("your own account") && no.err().contains("[y/N]"), no.err());
            assertTrue(api.requests("investigator/update/").isEmpty());
            Cli yes = new Cli(new java.io.ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)), Map.of());
            assertEquals(0, yes.main.run(List.of("investigator", "disable", "1", "-c", rc.toString())), yes.err());
            assertEquals(1, api.requests("investigator/update/").size());
            // another admin's account needs no question
            Cli other = new Cli(noInput(), Map.of());
            assertEquals(0, other.main.run(List.of("investigator", "disable", "2", "-c", rc.toString())), other.err());
            assertEquals(2, api.requests("investigator/update/").size());
        }
    }

    @Test
    void anApiRefusalOfAnInvestigatorChangeIsShownWithWhatWasRefused(@TempDir Path dir) throws Exception {
        try (FakeApi api = withInvestigators(new FakeApi(),
                investigator(1, "alice", ALICE_FP, "active", Permissions.ALL),
                investigator(2, "dave", "D".repeat(40), "active", Permissions.ALL))) {
            api.on("investigator/update/", r -> error(409, "refusing to remove the last active administrator (dave)"));
            String err = failsClearly(new Cli(noInput(), Map.of()), List.of("investigator", "disable", "2", "-c",
                    rcWithKey(api, dir).toString()), "refusing to remove the last active administrator (dave)");
            assertTrue(err.contains("investigator 2 not disabled") && err.contains("409"), err);
        }
    }

    // ------------------------------------------------------------------ helpers

    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
