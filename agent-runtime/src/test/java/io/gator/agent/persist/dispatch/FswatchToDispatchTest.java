package io.gator.agent.persist.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.agent.persist.ModuleConfigFiles;
import io.gator.agent.persist.PersistentHostSettings;
import io.gator.agent.persist.PersistentModules;
import io.gator.agent.persist.fswatch.FswatchModule;
import io.gator.agent.persist.fswatch.FswatchTunables;
import io.gator.core.agent.AgentEnv;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole alert path under the agent's persistent-module host, configured from MIG-style .cfg files: a watched
 * file changes, fswatch raises MIG's alert, the host routes it to dispatch, dispatch POSTs the record to a collector.
 */
class FswatchToDispatchTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    @Test
    void aChangedWatchedFileReachesTheCollectorAsADispatchRecord() throws Exception {
        Path watched = Files.createDirectories(dir.resolve("watched"));
        Path file = Files.writeString(watched.resolve("passwd"), "root:x:0:0\n");
        Path conf = Files.createDirectories(dir.resolve("conf"));
        try (TestCollector collector = TestCollector.answering()) {
            Files.writeString(conf.resolve("fswatch.cfg"), "[paths]\npath = " + watched + "\n");
            Files.writeString(conf.resolve("dispatch.cfg"), "; collector of this test\n[dispatch]\nhttpurl = "
                    + collector.url("/alerts") + "\n");
            List<io.gator.agent.persist.PersistentModule> modules = List.of(
                    new FswatchModule(new FswatchTunables(Duration.ofMillis(300), Duration.ZERO, Duration.ofMinutes(15),
                            Duration.ofMillis(200))),
                    new DispatchModule());
            ActorRef<PersistentModules.Protocol> host = KIT.spawn(PersistentModules.create(new PersistentModules.Setup(
                    modules, new ModuleConfigFiles(conf)::read,
                    new PersistentHostSettings.Restart(Duration.ofMillis(100), Duration.ofSeconds(1), 0.1),
                    "web1", () -> AgentEnv.EMPTY, Map.of("operator", "it"), Clock.systemUTC(), Path.of("/"),
                    Optional.empty(), Duration.ofSeconds(5))));
            awaitRunning(host, "fswatch");
            awaitRunning(host, "dispatch");
            Thread.sleep(500); // fswatch hashes the watched directory's files once it runs

            String before = sha256("root:x:0:0\n");
            Files.writeString(file, "root:x:0:0\nevil:x:0:0\n");
            String after = sha256("root:x:0:0\nevil:x:0:0\n");

            TestCollector.Post post = collector.next(WAIT);
            assertEquals("/alerts", post.path());
            assertEquals("application/json", post.contentType());
            JsonNode record = MigJson.tree(post.body());
            assertEquals("web1", record.path("hostname").asText());
            assertEquals("it", record.path("tags").path("operator").asText());
            assertEquals("critical", record.path("event").path("severity").asText());
            assertEquals(file + " signature changed " + before + " -> " + after,
                    record.path("event").path("alert").asText());
        }
    }

    private static void awaitRunning(ActorRef<PersistentModules.Protocol> host, String module)
            throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            TestProbe<Result> probe = KIT.createTestProbe();
            host.tell(new PersistentModules.Ask(module, MigJson.tree("{}"), probe.ref()));
            if (probe.receiveMessage(WAIT).success()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(module + " did not start");
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes()));
    }
}
