package io.gator.agent.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gator.agent.module.ModuleRegistry;
import io.gator.agent.module.RegistryModules;
import io.gator.agent.module.RunLimits;
import io.gator.agent.module.hog.HogModule;
import io.gator.agent.module.hog.HogRunner;
import io.gator.agent.persist.PersistentQueries;
import io.gator.core.action.Operation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** How an operation whose module goes over a limit is answered: the operation's status and its error. */
class LimitedOperationTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
        THREADS.shutdownNow();
    }

    private static OperationRunner.OperationDone run(String waste, long amount, Duration timeout) {
        RegistryModules modules = new RegistryModules(new ModuleRegistry(List.of(new HogRunner())), false,
                Path.of("/"), new PersistentQueries(),
                new RunLimits(Duration.ofMillis(200), 0, Duration.ZERO, 32L << 20, 0));
        TestProbe<OperationRunner.OperationDone> probe = KIT.createTestProbe();
        KIT.spawn(OperationRunner.create(0, new Operation("hog", HogModule.params(waste, amount)), modules, THREADS,
                timeout, 1 << 20, probe.ref()));
        return probe.receiveMessage(Duration.ofSeconds(20));
    }

    @Test
    void anOperationOverItsCpuLimitFailsWithTheLimit() {
        OperationRunner.OperationDone done = run("cpu", 60_000, Duration.ofSeconds(30));
        assertEquals(OperationRunner.Outcome.FAILED, done.outcome());
        assertEquals(List.of("module hog stopped: cpu limit 0.2 s exceeded"), done.result().errors());
    }

    @Test
    void anOperationOverItsMemoryLimitFailsWithTheLimit() {
        OperationRunner.OperationDone done = run("memory", 1_000_000, Duration.ofSeconds(30));
        assertEquals(OperationRunner.Outcome.FAILED, done.outcome());
        assertEquals(List.of("module hog stopped: memory limit 32 MiB exceeded (bytes allocated by the run)"),
                done.result().errors());
    }

    @Test
    void anOperationOverItsWallTimeTimesOut() {
        OperationRunner.OperationDone done = run("sleep", 60_000, Duration.ofMillis(300));
        assertEquals(OperationRunner.Outcome.TIMEOUT, done.outcome());
        assertEquals(List.of("module hog timed out after 300ms"), done.result().errors());
    }

    @Test
    void theCommandOfAnOperationStoppedByALimitIsFailed() {
        assertEquals("failed", CommandRunner.status(new OperationRunner.Outcome[] {
                OperationRunner.Outcome.SUCCESS, run("cpu", 60_000, Duration.ofSeconds(30)).outcome()}));
    }
}
