package io.gator.agent.persist.fswatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.agent.persist.ModuleRecorder;
import io.gator.agent.persist.ModuleSettings;
import io.gator.agent.persist.PersistentModule;
import io.gator.core.testing.Fixtures;
import io.gator.core.testing.ModuleFixtureData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fswatch beyond the captured session: a missing path, MIG's default profile, the suppression window's end. */
class FswatchModuleTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final FswatchTunables NOW = new FswatchTunables(Duration.ofMillis(300), Duration.ZERO, Duration.ofMinutes(15),
            Duration.ofMillis(200));

    @TempDir
    Path dir;

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    private static ModuleSettings paths(String... paths) {
        return ModuleSettings.of(Map.of("paths", Map.of("path", List.of(paths))));
    }

    @Test
    void aMissingPathIsLoggedAsMigsAndTheModuleFails() throws Exception {
        // modules/fswatch/02-config-nonexistent-path: log, then exit 1
        String captured = Files.readString(Fixtures.migWire()
                .resolve("modules/fswatch/02-config-nonexistent-path.persist-session.log"));
        assertTrue(captured.contains("stat /opt/mig-fixtures/fswatch-does-not-exist: no such file or directory"));
        ModuleRecorder rec = new ModuleRecorder();
        String missing = dir.resolve("fswatch-does-not-exist").toString();
        TestProbe<PersistentModule.Message> watcher = KIT.createTestProbe();
        ActorRef<PersistentModule.Message> m = KIT.spawn(new FswatchModule(NOW).create(
                rec.context("fswatch", paths(missing), Clock.systemUTC(), Path.of("/"))));
        watcher.expectTerminated(m, WAIT);
        assertEquals(List.of("module received configuration", "stat " + missing + ": no such file or directory"),
                rec.logs);
    }

    @Test
    void withoutPathsMigsLinuxProfileIsWatchedUnderTheRoot() throws Exception {
        for (String p : List.of("boot", "etc/cron.d", "var/spool/cron", "bin", "sbin", "usr/bin", "usr/sbin",
                "etc/init.d", "etc/systemd/system")) {
            Files.createDirectories(dir.resolve(p));
        }
        Files.writeString(dir.resolve("etc/hosts"), "127.0.0.1 localhost\n");
        ModuleRecorder rec = new ModuleRecorder();
        KIT.spawn(new FswatchModule(NOW).create(rec.context("fswatch", ModuleSettings.empty(), Clock.systemUTC(),
                dir)));
        assertTrue(ModuleRecorder.await(() -> rec.logs.size() >= 15, WAIT), rec.logs.toString());
        String r = dir.toString();
        assertEquals(List.of("module received configuration", "adding monitoring for object " + r + "/boot",
                "adding monitoring for object " + r + "/etc/cron.d",
                "adding monitoring for object " + r + "/var/spool/cron", "adding monitoring for object " + r + "/bin",
                "adding monitoring for object " + r + "/sbin", "adding monitoring for object " + r + "/usr/bin",
                "adding monitoring for object " + r + "/usr/sbin", "adding monitoring for object " + r + "/etc",
                "adding monitoring for object " + r + "/etc/cron.d", "adding monitoring for object " + r + "/etc/init.d",
                "adding monitoring for object " + r + "/etc/systemd",
                "adding monitoring for object " + r + "/etc/systemd/system",
                "adding monitoring for object " + r + "/etc/init.d",
                "adding monitoring for object " + r + "/etc/systemd",
                "adding monitoring for object " + r + "/etc/systemd/system"), rec.logs);
        Thread.sleep(300);
        Files.writeString(dir.resolve("etc/hosts"), "10.0.0.1 evil\n");
        assertTrue(ModuleRecorder.await(() -> rec.alerts.size() == 1, WAIT));
        assertTrue(rec.alerts.get(0).startsWith("{\"severity\":\"critical\",\"alert\":\"" + r
                + "/etc/hosts signature changed "), rec.alerts.get(0));
    }

    @Test
    void aChangeAfterTheSuppressionWindowAlertsAgain() throws Exception {
        ModuleFixtureData.copyTo(dir);
        Path file = dir.resolve("fswatch/watched/file1.txt");
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T10:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        ModuleRecorder rec = new ModuleRecorder();
        KIT.spawn(new FswatchModule(NOW).create(rec.context("fswatch", paths(file.toString()), clock, Path.of("/"))));
        assertTrue(ModuleRecorder.await(() -> rec.logs.size() >= 2, WAIT));
        Thread.sleep(300);
        Files.writeString(file, "one\n");
        assertTrue(ModuleRecorder.await(() -> rec.alerts.size() == 1, WAIT));
        now.set(now.get().plus(Duration.ofMinutes(15)));
        Files.writeString(file, "two\n");
        Thread.sleep(500);
        assertEquals(1, rec.alerts.size(), "15 minutes after the alert are still inside the window");
        now.set(now.get().plusSeconds(1));
        Files.writeString(file, "three\n");
        assertTrue(ModuleRecorder.await(() -> rec.alerts.size() == 2, WAIT), rec.alerts.toString());
        assertTrue(rec.alerts.get(1).endsWith(" -\\u003e " + java.util.HexFormat.of().formatHex(
                Fswatch.sha256(file.toString())) + "\"}"), rec.alerts.get(1));
    }
}
