package io.gator.agent.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.agent.persist.fswatch.FswatchModule;
import io.gator.agent.persist.fswatch.FswatchTunables;
import io.gator.core.agent.AgentEnv;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistent-module host: queries, restarts with backoff, configuration errors, alert routing. */
class PersistentModulesTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final PersistentHostSettings.Restart FAST = new PersistentHostSettings.Restart(
            Duration.ofMillis(100), Duration.ofMillis(500), 0.1);

    @TempDir
    Path dir;

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    static PersistentModules.Setup setup(List<PersistentModule> modules, Function<String, ModuleSettings> settings,
                                         Optional<Path> sockets) {
        return new PersistentModules.Setup(modules, settings, FAST, "test-host", () -> AgentEnv.EMPTY,
                Map.of("operator", "test"), Clock.systemUTC(), Path.of("/"), sockets, Duration.ofSeconds(5));
    }

    private static Result ask(ActorRef<PersistentModules.Protocol> host, String module, String params) {
        TestProbe<Result> probe = KIT.createTestProbe();
        host.tell(new PersistentModules.Ask(module, MigJson.tree(params), probe.ref()));
        return probe.receiveMessage(WAIT);
    }

    private static Result askUntilRunning(ActorRef<PersistentModules.Protocol> host, String module)
            throws InterruptedException {
        // a query that reaches a module just as it fails is lost with it: ask again
        long end = System.nanoTime() + WAIT.toNanos();
        Result r = Result.failure("no answer");
        while (!r.success() && System.nanoTime() < end) {
            TestProbe<Result> probe = KIT.createTestProbe();
            host.tell(new PersistentModules.Ask(module, MigJson.tree("{}"), probe.ref()));
            try {
                r = probe.receiveMessage(Duration.ofMillis(500));
            } catch (AssertionError noAnswer) {
                continue;
            }
            Thread.sleep(50);
        }
        return r;
    }

    @Test
    void aQueryIsAnsweredByTheRunningModuleAndAnUnknownOneIsNotRegistered() throws Exception {
        TestModule m = new TestModule("qmod", false);
        ActorRef<PersistentModules.Protocol> host = KIT.spawn(PersistentModules.create(setup(List.of(m),
                n -> ModuleSettings.empty(), Optional.empty())));
        Result ok = askUntilRunning(host, "qmod");
        assertEquals("{\"ok\":true}", ok.elements().toString());
        assertTrue(ok.foundAnything());
        Result none = ask(host, "nosuch", "{}");
        assertEquals(List.of("runModule() -> module nosuch is not registered"), none.errors());
        assertEquals("test-host", m.context.get().hostname());
        assertEquals("qmod", m.context.get().name());
    }

    @Test
    void aModuleThatRunsOnlyWhenConfiguredStaysOffWithoutConfiguration() throws Exception {
        TestModule off = new TestModule("optin-off", false, true);
        TestModule on = new TestModule("optin-on", false, true);
        Function<String, ModuleSettings> settings = n -> n.equals("optin-on")
                ? IniSettings.parse("[test]\nset = yes\n", "optin-on.cfg") : ModuleSettings.empty();
        try (LogCapture log = new LogCapture()) {
            ActorRef<PersistentModules.Protocol> host = KIT.spawn(PersistentModules.create(setup(List.of(off, on),
                    settings, Optional.empty())));
            assertTrue(askUntilRunning(host, "optin-on").success());
            assertEquals(List.of("runModule() -> module optin-off is not registered"),
                    ask(host, "optin-off", "{}").errors());
            assertEquals(0, off.starts.get());
            assertTrue(log.has("[optin-off] not started: it runs only when configured (optin-off.cfg)"),
                    log.lines.toString());
        }
    }

    @Test
    void aCrashedModuleIsStartedAgainAfterTheBackoff() throws Exception {
        TestModule m = new TestModule("crashmod", false);
        try (LogCapture log = new LogCapture()) {
            ActorRef<PersistentModules.Protocol> host = KIT.spawn(PersistentModules.create(setup(List.of(m),
                    n -> ModuleSettings.empty(), Optional.empty())));
            assertTrue(askUntilRunning(host, "crashmod").success());
            TestProbe<Result> probe = KIT.createTestProbe();
            host.tell(new PersistentModules.Ask("crashmod", MigJson.tree("{\"crash\":true}"), probe.ref()));
            probe.expectNoMessage(Duration.ofMillis(50));
            assertTrue(askUntilRunning(host, "crashmod").success());
            assertEquals(2, m.starts.get());
            assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("[crashmod] module failed:")
                    && l.contains("asked to crash")), log.lines.toString());
        }
    }

    @Test
    void aConfigurationErrorIsLoggedAndTheModuleRetriedUntilTheConfigurationIsFixed() throws Exception {
        TestModule m = new TestModule("cfgmod", false);
        AtomicInteger reads = new AtomicInteger();
        Function<String, ModuleSettings> settings = n -> reads.incrementAndGet() <= 2
                ? IniSettings.parse("[test]\nfail = yes\n", "cfgmod.cfg") : ModuleSettings.empty();
        try (LogCapture log = new LogCapture()) {
            ActorRef<PersistentModules.Protocol> host = KIT.spawn(PersistentModules.create(setup(List.of(m),
                    settings, Optional.empty())));
            assertTrue(askUntilRunning(host, "cfgmod").success());
            assertTrue(reads.get() >= 3);
            assertEquals(1, m.starts.get());
            assertTrue(log.has("[cfgmod] configuration: test.fail: yes"), log.lines.toString());
        }
    }

    @Test
    void aModuleThatCannotBeCreatedIsLoggedAndRetried() throws Exception {
        TestModule m = new TestModule("throwmod", false);
        AtomicInteger reads = new AtomicInteger();
        Function<String, ModuleSettings> settings = n -> reads.incrementAndGet() <= 1
                ? IniSettings.parse("[test]\nthrow = no kernel audit here\n", "throwmod.cfg") : ModuleSettings.empty();
        try (LogCapture log = new LogCapture()) {
            ActorRef<PersistentModules.Protocol> host = KIT.spawn(PersistentModules.create(setup(List.of(m),
                    settings, Optional.empty())));
            assertTrue(askUntilRunning(host, "throwmod").success());
            assertTrue(log.has("[throwmod] module failed: no kernel audit here"), log.lines.toString());
        }
    }

    @Test
    void alertsGoToTheReceivingModuleWhenItRunsElseToTheAgentLog() throws Exception {
        TestModule raiser = new TestModule("raiser", false);
        TestModule dispatch = new TestModule("receiver", true);
        ActorRef<PersistentModules.Protocol> host = KIT.spawn(PersistentModules.create(setup(
                List.of(raiser, dispatch), n -> ModuleSettings.empty(), Optional.empty())));
        assertTrue(askUntilRunning(host, "raiser").success());
        assertTrue(askUntilRunning(host, "receiver").success());
        raiser.context.get().alerts().alert("{\"severity\":\"low\",\"alert\":\"x\"}");
        assertTrue(ModuleRecorder.await(() -> dispatch.received.size() == 1, WAIT));
        assertEquals("{\"severity\":\"low\",\"alert\":\"x\"}", dispatch.received.get(0));

        TestModule alone = new TestModule("alone", false);
        try (LogCapture log = new LogCapture()) {
            ActorRef<PersistentModules.Protocol> other = KIT.spawn(PersistentModules.create(setup(List.of(alone),
                    n -> ModuleSettings.empty(), Optional.empty())));
            assertTrue(askUntilRunning(other, "alone").success());
            alone.context.get().alerts().alert("something happened");
            assertTrue(ModuleRecorder.await(() -> log.has("alert: something happened"), WAIT),
                    log.lines.toString());
        }
    }

    @Test
    void aMalformedFswatchCfgIsLoggedAsAConfigurationError() throws Exception {
        Files.writeString(dir.resolve("fswatch.cfg"), "path = /etc\n");
        ModuleConfigFiles files = new ModuleConfigFiles(dir);
        try (LogCapture log = new LogCapture()) {
            ActorRef<PersistentModules.Protocol> host = KIT.spawn(PersistentModules.create(setup(
                    List.of(new FswatchModule()), files::read, Optional.empty())));
            String expected = "[fswatch] configuration: " + dir.resolve("fswatch.cfg")
                    + " line 1: expected section header";
            assertTrue(ModuleRecorder.await(() -> log.lines.stream().filter(expected::equals).count() >= 2, WAIT),
                    log.lines.toString());
            assertEquals(List.of("runModule() -> module fswatch is not registered"),
                    ask(host, "fswatch", "{}").errors());
        }
    }

    @Test
    void fswatchRunsUnderTheHostAndAMissingPathIsRetried() throws Exception {
        Path watched = dir.resolve("later");
        FswatchModule fswatch = new FswatchModule(new FswatchTunables(Duration.ofMillis(300), Duration.ZERO, Duration.ofMinutes(15),
                Duration.ofMillis(100)));
        try (LogCapture log = new LogCapture()) {
            ActorRef<PersistentModules.Protocol> host = KIT.spawn(PersistentModules.create(setup(List.of(fswatch),
                    n -> ModuleSettings.of(Map.of("paths", Map.of("path", List.of(watched.toString())))),
                    Optional.empty())));
            assertTrue(ModuleRecorder.await(() -> log.lines.stream().filter(
                    l -> l.equals("stat " + watched + ": no such file or directory")).count() >= 2, WAIT));
            assertEquals(List.of("runModule() -> module fswatch is not registered"),
                    ask(host, "fswatch", "{}").errors());
            Files.createDirectory(watched);
            assertTrue(askUntilRunning(host, "fswatch").success());
            assertTrue(log.has("adding monitoring for object " + watched));
        }
    }
}
