package io.gator.agent.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.gator.agent.AgentGuardian;
import io.gator.agent.command.ModuleFailedException;
import io.gator.agent.config.AgentSettings;
import io.gator.agent.module.ModuleRegistry;
import io.gator.agent.module.RegistryModules;
import io.gator.core.agent.AgentEnv;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.relay.FakeRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent runs its persistent modules in daemon mode and answers an operation naming one through it; not in a
 * checkin run, nor when they are turned off. The operation path accepts the modules' names with any parameters.
 */
class AgentPersistentModulesTest {
    private final ActorTestKit kit = ActorTestKit.create();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @TempDir
    Path runDir;

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
        threads.shutdownNow();
    }

    private RegistryModules agent(String extra, boolean enabled) throws InterruptedException {
        var config = ConfigFactory.parseString("gator.agent { heartbeat-interval = 1h, run-dir = \"" + runDir
                + "\" " + extra + " }").withFallback(ConfigFactory.load());
        AgentSettings settings = AgentSettings.from(config);
        PersistentQueries queries = new PersistentQueries();
        RegistryModules modules = new RegistryModules(ModuleRegistry.standard(), false, Path.of("/"), queries);
        PersistentHostSettings ps = new PersistentHostSettings(enabled, new ModuleConfigFiles(runDir),
                new PersistentHostSettings.Restart(Duration.ofMillis(100), Duration.ofSeconds(1), 0.1), true,
                ConfigFactory.empty());
        AgentGuardian.Parts parts = new AgentGuardian.Parts(settings, "linux.testqueue", new FakeRelay(), cmd -> { },
                modules, threads, () -> AgentEnv.EMPTY, "test", Clock.systemUTC(),
                new AgentGuardian.Persistent(ps, List.of(new TestModule("fswatch", false)), queries));
        kit.spawn(AgentGuardian.create(parts));
        return modules;
    }

    private static Result queryUntilAnswered(RegistryModules modules) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                return modules.invoke("fswatch", MigJson.tree("{\"anything\":1}"));
            } catch (ModuleFailedException notYet) {
                if (System.nanoTime() > end) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    /** The failed operation's result of a query to a module that does not run (MIG: status failed). */
    private static Result notRunning(RegistryModules modules, String module) throws Exception {
        return assertThrows(ModuleFailedException.class, () -> modules.invoke(module, MigJson.tree("{}"))).result();
    }

    @Test
    void inDaemonModeAnOperationIsAnsweredByTheRunningModuleAndItsSocketListens() throws Exception {
        RegistryModules modules = agent("", true);
        assertTrue(modules.has("fswatch") && modules.has("audit") && modules.has("dispatch"));
        modules.validate("fswatch", MigJson.tree("{\"anything\":1}"));
        Result r = queryUntilAnswered(modules);
        assertEquals("{\"ok\":true}", r.elements().toString());
        assertTrue(Files.exists(runDir.resolve("persist-fswatch.sock")));
        assertEquals(List.of("runModule() -> module audit is not registered"), notRunning(modules, "audit").errors());
    }

    @Test
    void aCheckinRunAndTurnedOffModulesAnswerNotRegistered() throws Exception {
        RegistryModules checkin = agent(", checkin = on", true);
        Thread.sleep(300);
        Result r = notRunning(checkin, "fswatch");
        assertFalse(r.success());
        assertEquals(List.of("runModule() -> module fswatch is not registered"), r.errors());
    }

    @Test
    void turnedOffModulesAnswerNotRegistered() throws Exception {
        RegistryModules off = agent("", false);
        Thread.sleep(300);
        assertEquals(List.of("runModule() -> module fswatch is not registered"), notRunning(off, "fswatch").errors());
        assertFalse(Files.exists(runDir.resolve("persist-fswatch.sock")));
    }
}
