package io.gator.platform.e2e;

import static io.gator.platform.e2e.EndToEndTest.mig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.agent.loader.LoaderMain;
import io.gator.agent.loader.LoaderRun;
import io.gator.cli.api.MigApiClient;
import io.gator.core.agent.Agent;
import io.gator.core.manifest.Manifest;
import io.gator.core.manifest.ManifestArchive;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import io.gator.core.testing.LoaderFixtures;
import io.gator.platform.e2e.EndToEndTest.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gator loader} end to end: the scheduler and API on PostgreSQL and RabbitMQ, two admins whose keys sign
 * manifests (two signatures needed, the default), a loader entry made through the API, and a real agent process
 * started from the jar the loader manages by a restart script (kill the running agent, {@code java -jar} the
 * managed file, as systemd would). In order: an upgrade to a new jar, a file tampered on the way refused, a
 * manifest short of signatures refused, and a jar that never heartbeats rolled back and not retried.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoaderUpgradeEndToEndTest {
    private static final String HOST = "loader-host";
    private static final Duration AGENT_UP = Duration.ofSeconds(60);

    private Path dir;
    private TestPlatform platform;
    private MigApiClient alice;
    private MigApiClient bob;
    private String loaderKey;
    private String loaderId;
    private Path agentJar;
    private Path runDir;
    private Path pidFile;
    private Path starts;
    private Path restartScript;
    private byte[] v1;
    private byte[] v2;

    @BeforeAll
    void startPlatformLoaderEntryAndAgent(@TempDir Path tmp) throws Exception {
        dir = tmp;
        KeyGen.GeneratedKey a = KeyGen.ed25519("alice <alice@example.net>");
        KeyGen.GeneratedKey b = KeyGen.ed25519("bob <bob@example.net>");
        platform = TestPlatform.start(dir, TestPlatform.Setup.of("loader", 0, a).withAdmin(b));
        alice = platform.api("alice");
        bob = platform.api("bob");

        JsonNode created = alice.postForm("loader/new/", "loader", "{\"name\":\"" + HOST + "\",\"expectenv\":\"\"}");
        JsonNode entry = MigApiClient.values(created, "loader").get(0);
        loaderKey = entry.path("prefix").asText() + entry.path("key").asText();
        loaderId = entry.path("id").asText();
        alice.postForm("loader/status/", Map.of("loaderid", loaderId, "status", "enabled"));

        v1 = AgentJar.thin("1");
        v2 = AgentJar.thin("2");
        agentJar = Files.createDirectories(dir.resolve("opt/gator")).resolve("gator-agent.jar");
        Files.write(agentJar, v1);
        runDir = Files.createDirectories(dir.resolve("var/lib/gator-agent"));
        Path conf = platform.writeAgentConfig(HOST, runDir, "gator.agent.heartbeat-interval = 2s\n");
        pidFile = dir.resolve("agent.pid");
        starts = dir.resolve("starts.log");
        restartScript = writeRestartScript(conf);
        assertTrue(restart(), "the first start of the agent");
        awaitOnline(agentPid());
    }

    @AfterAll
    void stopAgentAndPlatform() throws Exception {
        try {
            if (pidFile != null && Files.exists(pidFile)) {
                ProcessHandle.of(agentPid()).ifPresent(p -> {
                    p.destroy();
                    p.onExit().orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> {
                        p.destroyForcibly();
                        return p;
                    }).join();
                });
            }
        } finally {
            if (platform != null) {
                platform.close();
            }
        }
    }

    @Test
    @Order(1)
    void aManifestSignedByBothAdminsSwapsTheAgentJarKeepsOldAndTheNewAgentHeartbeatsAndAnswers() throws Exception {
        long oldPid = agentPid();
        long manifest = publish("agent v2", v2, true);

        Loader run = loader(api(), Duration.ofSeconds(60));
        assertEquals(LoaderRun.OK, run.code(), run.log());
        assertTrue(run.log().contains("2 valid signatures in manifest"), run.log());
        assertTrue(run.log().contains("agent heartbeat at"), run.log());
        JsonNode seen = MigApiClient.values(alice.get("loader?loaderid=" + loaderId), "loader").get(0);
        assertEquals(HOST, seen.path("agentname").asText(), seen.toString()); // the API recorded the loader's report

        assertEquals(ManifestArchive.sha256(v2), sha256(agentJar), run.log());
        assertEquals(entrySha(manifest), sha256(agentJar));
        assertArrayEquals(v1, Files.readAllBytes(dir.resolve("opt/gator/gator-agent.jar.old")));
        long newPid = agentPid();
        assertNotEquals(oldPid, newPid);
        assertFalse(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false), "the old agent stopped");
        assertTrue(lastStart().endsWith(" " + ManifestArchive.sha256(v2)), lastStart());
        awaitOnline(newPid);

        Path etc = TestPlatform.etcWithPasswd(dir);
        Run search = mig(List.of("file", "-c", platform.migrc("alice").toString(), "-yes", "-e", "30s", "-t",
                "pid=" + newPid, "-path", etc.toString(), "-name", "^passwd$"));
        assertEquals(0, search.code(), search.out() + search.err());
        assertEquals(1, search.out().lines().filter(l -> l.startsWith(HOST + " ") && l.contains("/etc/passwd ["))
                .count(), search.out() + search.err());
    }

    @Test
    @Order(2)
    void aFileOrManifestTamperedOnTheWayIsRefusedAndNothingIsReplaced() throws Exception {
        long pid = agentPid();
        long startsBefore = Files.readAllLines(starts).size();
        long manifest = publish("agent v3", AgentJar.thin("3"), true);
        byte[] tampered = AgentJar.thin("3-tampered");
        String other = ManifestArchive.fetchData(tampered);
        refusedThrough(UnaryOperator.identity(), data -> other, "staged file signature mismatch",
                "refused, nothing replaced");
        assertUntouched(pid, startsBefore);

        // the manifest's hash rewritten to match the tampered file: its signatures no longer verify
        UnaryOperator<ObjectNode> rehash = m -> {
            ((ObjectNode) m.get("entries").get(0)).put("sha256", ManifestArchive.sha256(tampered));
            return m;
        };
        Loader run = refusedThrough(rehash, data -> other,
                "checkManifestSignature() -> manifest signature does not verify");
        assertFalse(run.log().contains("refreshing"), run.log());
        assertUntouched(pid, startsBefore);
        disable(manifest);
    }

    @Test
    @Order(3)
    void aManifestShortOfSignaturesIsNotServedByTheApiNorAcceptedByTheLoader() throws Exception {
        long pid = agentPid();
        long startsBefore = Files.readAllLines(starts).size();
        // signed by alice alone: staged, so the API keeps serving the newest active manifest (v2, installed)
        long single = publish("agent v4, one signature", AgentJar.thin("4"), false);
        assertEquals("staged", manifestStatus(single));
        Loader viaApi = loader(api(), Duration.ofSeconds(60));
        assertEquals(LoaderRun.OK, viaApi.code(), viaApi.log());
        assertTrue(viaApi.log().contains("we have correct file, no need to replace"), viaApi.log());
        assertFalse(viaApi.log().contains("refreshing"), viaApi.log());
        assertUntouched(pid, startsBefore);

        // fully signed, but a signature stripped on the way: the loader's own count refuses it
        long both = publish("agent v5", AgentJar.thin("5"), true);
        UnaryOperator<ObjectNode> dropOne = m -> {
            ((ArrayNode) m.get("signatures")).remove(1);
            return m;
        };
        refusedThrough(dropOne, UnaryOperator.identity(), "1 valid signatures in manifest",
                "Not enough valid signatures (got 1, need 2), rejecting");
        assertUntouched(pid, startsBefore);
        disable(both);
    }

    @Test
    @Order(4)
    void aJarThatNeverHeartbeatsIsRolledBackTheOldAgentComesBackAndTheManifestIsNotRetried() throws Exception {
        long pid = agentPid();
        publish("agent that exits at once", AgentJar.exitsAtOnce(), true);

        Loader run = loader(api(), Duration.ofSeconds(8));
        assertEquals(LoaderRun.ROLLED_BACK, run.code(), run.log());
        assertTrue(run.log().contains("no agent heartbeat in"), run.log());
        assertTrue(run.log().contains("rolling back to the previous versions"), run.log());
        assertEquals(ManifestArchive.sha256(v2), sha256(agentJar), run.log());
        assertTrue(lastStart().endsWith(" " + ManifestArchive.sha256(v2)), lastStart());
        long back = agentPid();
        assertNotEquals(pid, back);
        awaitOnline(back);
        assertTrue(Files.readString(dir.resolve("loader-state/refused-manifests")).lines().count() >= 1);

        long startsBefore = Files.readAllLines(starts).size();
        Loader again = loaderProcess(api(), Duration.ofSeconds(8));
        assertEquals(LoaderRun.OK, again.code(), again.log());
        assertTrue(again.log().contains("was rolled back on this host"), again.log());
        // the roll-back copied .old (v2) back over the jar: both hold v2 now
        assertUntouched(back, startsBefore, v2);
    }

    // ---- the loader's side -------------------------------------------------------------------------------

    private record Loader(int code, String log) {}

    /** One {@code gator loader} run (LoaderMain, in this JVM) against {@code apiUrl}. */
    private Loader loader(String apiUrl, Duration heartbeatTimeout) throws Exception {
        Path conf = loaderConfig(apiUrl, heartbeatTimeout);
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.PrintWriter pw = new java.io.PrintWriter(out, true);
        int code = LoaderMain.run(new String[] {"loader", "-c", conf.toString()}, pw, pw);
        pw.flush();
        System.out.println("gator loader exited " + code + ":\n" + out);
        return new Loader(code, out.toString());
    }

    /** One run as an endpoint's timer runs it: {@code java -jar gator-agent.jar loader -c FILE}, the managed jar. */
    private Loader loaderProcess(String apiUrl, Duration heartbeatTimeout) throws Exception {
        Path conf = loaderConfig(apiUrl, heartbeatTimeout);
        Path log = dir.resolve("loader-process.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", agentJar.toString(), "loader",
                "-c", conf.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("gator loader still running after 90 s: " + Files.readString(log));
        }
        String out = Files.readString(log);
        System.out.println("gator loader (process) exited " + p.exitValue() + ":\n" + out);
        return new Loader(p.exitValue(), out);
    }

    private Path loaderConfig(String apiUrl, Duration heartbeatTimeout) throws Exception {
        Path conf = dir.resolve("loader.conf");
        Files.writeString(conf, """
                gator.loader {
                  api-url = "%s"
                  loader-key = "%s"
                  keyring = "%s"
                  name = "%s"
                  files {
                    mig-agent { path = "%s", mode = "0644", restart-agent = true }
                    mig-loader.path = "", configuration.path = "", agentcert.path = "", agentkey.path = ""
                    cacert.path = "", loaderconfig.path = ""
                  }
                  restart-command = ["%s"]
                  restart-timeout = 60s
                  heartbeat-stamp = "%s"
                  heartbeat-timeout = %ds
                  heartbeat-poll = 200ms
                  state-dir = "%s"
                  agent-run-dir = "%s"
                  connect-timeout = 5s
                  request-timeout = 30s
                }
                """.formatted(apiUrl, loaderKey, dir.resolve("keys"), HOST, agentJar, restartScript,
                runDir.resolve("heartbeat"), heartbeatTimeout.toSeconds(), dir.resolve("loader-state"), runDir));
        return conf;
    }

    /** A loader run through a {@link TamperingProxy}: refused (exit 1), saying each of {@code said}. */
    private Loader refusedThrough(UnaryOperator<ObjectNode> manifest, UnaryOperator<String> content, String... said)
            throws Exception {
        try (TamperingProxy mitm = new TamperingProxy(platform.root(), manifest, content)) {
            Loader run = loader(mitm.apiUrl(), Duration.ofSeconds(60));
            assertEquals(LoaderRun.FAILED, run.code(), run.log());
            for (String s : said) {
                assertTrue(run.log().contains(s), run.log());
            }
            return run;
        }
    }

    private String api() {
        return platform.root() + "/api/v1/";
    }

    /**
     * The host's service manager: stops the agent it started last (SIGTERM, then SIGKILL after 10 s), starts
     * {@code java -jar} on the managed jar in the background, records its pid and the jar's SHA-256.
     */
    private Path writeRestartScript(Path conf) throws Exception {
        Path script = dir.resolve("restart-agent.sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, """
                #!/bin/sh
                set -u
                if [ -f '%1$s' ]; then
                  pid=$(cat '%1$s')
                  kill "$pid" 2>/dev/null
                  i=0
                  # a zombie (nobody reaps an orphan in some containers) has stopped
                  while [ -d "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null \\
                        && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
                  kill -9 "$pid" 2>/dev/null
                fi
                nohup '%2$s' -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar '%3$s' agent --config '%4$s' \\
                  >> '%5$s' 2>&1 < /dev/null &
                echo $! > '%1$s'
                echo "$! $(sha256sum '%3$s' | cut -d' ' -f1)" >> '%6$s'
                """.formatted(pidFile, java, agentJar, conf, dir.resolve("agent.log"), starts));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private boolean restart() throws Exception {
        Process p = new ProcessBuilder(restartScript.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("restart.out").toFile()).start();
        return p.waitFor() == 0;
    }

    private long agentPid() throws Exception {
        return Long.parseLong(Files.readString(pidFile).trim());
    }

    private String lastStart() throws Exception {
        List<String> lines = Files.readAllLines(starts);
        return lines.get(lines.size() - 1);
    }

    /** The agent process still the same, no restart since, the managed jar still v2 and its .old still v1. */
    private void assertUntouched(long pid, long startsBefore) throws Exception {
        assertUntouched(pid, startsBefore, v1);
    }

    /** As above with the .old the loader left ({@code old}). */
    private void assertUntouched(long pid, long startsBefore, byte[] old) throws Exception {
        assertEquals(pid, agentPid());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "agent " + pid + " runs");
        assertEquals(startsBefore, Files.readAllLines(starts).size(), Files.readString(starts));
        assertEquals(ManifestArchive.sha256(v2), sha256(agentJar));
        assertArrayEquals(old, Files.readAllBytes(dir.resolve("opt/gator/gator-agent.jar.old")));
        try (var staged = Files.list(agentJar.getParent())) {
            assertEquals(List.of("gator-agent.jar", "gator-agent.jar.old"), staged.map(p -> p.getFileName().toString())
                    .sorted().toList(), "no staged file left behind");
        }
    }

    /** Waits until the API lists the agent with this pid online (its heartbeats reached the scheduler). */
    private void awaitOnline(long pid) throws Exception {
        long deadline = System.nanoTime() + AGENT_UP.toNanos();
        while (System.nanoTime() < deadline) {
            List<Agent> found = alice.agentsByTarget("pid=" + pid);
            if (found.stream().anyMatch(a -> a.name().equals(HOST) && a.status().equals("online"))) {
                return;
            }
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new AssertionError("agent " + pid + " exited: " + Files.readString(dir.resolve("agent.log")));
            }
            Thread.sleep(300);
        }
        throw new AssertionError("agent " + pid + " never came online: " + Files.readString(dir.resolve("agent.log")));
    }

    // ---- the investigators' side -------------------------------------------------------------------------

    /**
     * A manifest for this host whose mig-agent is {@code jar}, created by alice and signed by her (and by bob
     * when {@code both}); answers its ID.
     */
    private long publish(String name, byte[] jar, boolean both) throws Exception {
        byte[] archive = LoaderFixtures.tarGz(Map.of("mig-agent", jar));
        String record = "{\"name\":" + io.gator.core.json.MigJson.write(name) + ",\"target\":\"loadername='" + HOST
                + "'\",\"content\":\"" + Base64.getEncoder().encodeToString(archive) + "\"}";
        JsonNode created = alice.postForm("manifest/new/", "manifest", record);
        long id = MigApiClient.values(created, "manifest").get(0).path("id").asLong();
        Manifest m = ManifestArchive.read(archive).manifest();
        sign(alice, "alice", id, m);
        if (both) {
            sign(bob, "bob", id, m);
            assertEquals("active", manifestStatus(id));
        }
        return id;
    }

    private void sign(MigApiClient api, String who, long id, Manifest m) throws Exception {
        String sig = PgpSigner.fromArmoredSecretKey(Files.readString(platform.secretKey(who)), new char[0])
                .sign(m.signedString().getBytes(StandardCharsets.UTF_8));
        api.postForm("manifest/sign/", Map.of("manifestid", Long.toString(id), "signature", sig));
    }

    private String manifestStatus(long id) {
        return MigApiClient.values(alice.get("manifest?manifestid=" + id), "manifest").get(0).path("status").asText();
    }

    /** The SHA-256 of the mig-agent entry the API holds for a manifest. */
    private String entrySha(long id) {
        String content = MigApiClient.values(alice.get("manifest?manifestid=" + id), "manifest").get(0)
                .path("content").asText();
        return ManifestArchive.read(Base64.getMimeDecoder().decode(content)).file("mig-agent").orElseThrow().sha256();
    }

    private void disable(long id) {
        alice.postForm("manifest/status/", Map.of("manifestid", Long.toString(id), "status", "disabled"));
    }

    private static String sha256(Path file) throws Exception {
        return ManifestArchive.sha256(Files.readAllBytes(file));
    }
}
