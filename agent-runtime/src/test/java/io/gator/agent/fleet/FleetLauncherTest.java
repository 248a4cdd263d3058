package io.gator.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.NullNode;
import io.gator.agent.command.ModuleInvoker;
import io.gator.core.command.Result;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FleetLauncherTest {

    @Test
    void noModuleLatencyLeavesTheModulesAsTheyAre() {
        ModuleInvoker modules = (m, p) -> Result.EMPTY;
        assertSame(modules, FleetLauncher.withLatency(modules, Duration.ZERO));
    }

    @Test
    void moduleLatencyDelaysEveryRunThenRunsTheModule() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ModuleInvoker slow = FleetLauncher.withLatency((m, p) -> {
            runs.incrementAndGet();
            return Result.failure("ran " + m);
        }, Duration.ofMillis(200));
        long t0 = System.nanoTime();
        Result r = slow.invoke("file", NullNode.getInstance());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 200, "took " + ms + " ms");
        assertEquals(1, runs.get());
        assertEquals(Result.failure("ran file"), r);
    }

    @Test
    void moduleLatencyYieldsToTheTimeoutsInterrupt() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ModuleInvoker slow = FleetLauncher.withLatency((m, p) -> {
            runs.incrementAndGet();
            return Result.EMPTY;
        }, Duration.ofMinutes(10));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Result> f = thread.submit(() -> slow.invoke("file", NullNode.getInstance()));
            Thread.sleep(100);
            f.cancel(true);
            thread.shutdown();
            assertTrue(thread.awaitTermination(5, TimeUnit.SECONDS), "the interrupted sleep ended");
            assertEquals(0, runs.get(), "the module never ran");
        } finally {
            thread.shutdownNow();
        }
    }
}
