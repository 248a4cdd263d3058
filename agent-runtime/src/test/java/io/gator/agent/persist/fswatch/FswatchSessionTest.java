package io.gator.agent.persist.fswatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.agent.persist.ModuleRecorder;
import io.gator.agent.persist.ModuleSettings;
import io.gator.agent.persist.PersistentModule;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.testing.Fixtures;
import io.gator.core.testing.ModuleFixtureData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fswatch replays MIG's captured session ({@code modules/fswatch/01-session}): the same file operations on a copy
 * of the captured tree give the same log lines and the same alerts, in the same order (hashing without delay).
 */
class FswatchSessionTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path data;

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    @Test
    void theCapturedSessionsOperationsGiveMigsLogLinesAndAlerts() throws Exception {
        ModuleFixtureData.copyTo(data);
        Path fs = data.resolve("fswatch");
        List<String> expectedLogs = new ArrayList<>();
        List<String> expectedAlerts = new ArrayList<>();
        for (JsonNode e : MigJson.tree(Files.readString(
                Fixtures.migWire().resolve("modules/fswatch/01-session.persist-session.json")))) {
            if (!e.path("kind").asText().equals("module-stdout")) {
                continue;
            }
            JsonNode msg = MigJson.tree(e.path("text").asText());
            String text = ModuleFixtureData.relocated(msg.path("parameters").path("message").asText(), data);
            switch (msg.path("class").asText()) {
                case "log" -> expectedLogs.add(text);
                case "alert" -> expectedAlerts.add(text);
                default -> { }
            }
        }
        ModuleRecorder rec = new ModuleRecorder();
        ModuleSettings settings = ModuleSettings.of(Map.of("paths", Map.of("path", List.of(
                fs.resolve("watched/file1.txt").toString(), fs.resolve("watched/dir1").toString(),
                "recursive:" + fs.resolve("rec")))));
        FswatchModule module = new FswatchModule(new FswatchTunables(Duration.ofMillis(300), Duration.ZERO, Duration.ofMinutes(15),
                Duration.ofMillis(200)));
        ActorRef<PersistentModule.Message> fswatch = KIT.spawn(module.create(
                rec.context("fswatch", settings, Clock.systemUTC(), Path.of("/"))));

        expect(rec, 5, 0);
        TestProbe<Result> probe = KIT.createTestProbe();
        fswatch.tell(new PersistentModule.Query(MigJson.tree("{}"), probe.ref()));
        assertEquals("{\"ok\":true}", probe.receiveMessage().elements().toString());
        Thread.sleep(300); // initial hashes

        append(fs.resolve("watched/file1.txt"), "modified\n");
        expect(rec, 5, 1);
        append(fs.resolve("watched/file1.txt"), "modified\n"); // within the suppression window: no alert
        Thread.sleep(500);
        Files.writeString(fs.resolve("watched/dir1/existing.txt"), "changed\n");
        expect(rec, 5, 2);
        Files.writeString(fs.resolve("watched/dir1/new.txt"), "new\n");
        expect(rec, 7, 2);
        Files.createDirectory(fs.resolve("rec/sub2"));
        expect(rec, 8, 2);
        Path tmp = fs.resolve("x.tmp");
        Files.writeString(tmp, "x\n");
        Files.move(tmp, fs.resolve("rec/sub2/x.txt"), StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(500);
        Files.writeString(fs.resolve("rec/sub2/x.txt"), "x changed\n");
        expect(rec, 8, 3);
        Files.writeString(fs.resolve("rec/sub1/deep.txt"), "deep changed\n");
        expect(rec, 8, 4);
        Files.delete(fs.resolve("watched/file1.txt"));
        expect(rec, 10, 5);
        Files.writeString(fs.resolve("watched/file1.txt"), "original content\n");
        expect(rec, 11, 5);
        Files.delete(fs.resolve("watched/dir1/existing.txt"));
        expect(rec, 11, 6);
        Thread.sleep(500);

        assertEquals(String.join("\n", expectedAlerts), String.join("\n", rec.alerts));
        assertEquals(String.join("\n", expectedLogs), String.join("\n", rec.logs));
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static void expect(ModuleRecorder rec, int logs, int alerts) throws InterruptedException {
        assertTrue(ModuleRecorder.await(() -> rec.logs.size() >= logs && rec.alerts.size() >= alerts, WAIT),
                "expected " + logs + " log lines and " + alerts + " alerts, got " + rec.logs + " and " + rec.alerts);
    }
}
