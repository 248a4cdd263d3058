package io.gator.agent.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.module.file.FileRunner;
import io.gator.agent.module.hog.HogModule;
import io.gator.agent.module.hog.HogRunner;
import io.gator.agent.persist.PersistentQueries;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each of the agent's limits on a module run, triggered by a module written to exceed it. */
class RunLimitsTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static RegistryModules modules(RunLimits limits) {
        return new RegistryModules(new ModuleRegistry(List.of(new HogRunner(), new FileRunner())), false,
                Path.of("/"), new PersistentQueries(), limits);
    }

    private static RunLimits cpuTime(Duration d) {
        return new RunLimits(d, 0, Duration.ZERO, 0, 0);
    }

    @Test
    void aRunOverItsCpuTimeIsStoppedWithTheLimitInItsError() {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> modules(cpuTime(Duration.ofMillis(300))).invoke("hog", HogModule.params("cpu", 20_000)));
        assertEquals("module hog stopped: cpu limit 0.3 s exceeded", e.getMessage());
        long used = THREADS.getCurrentThreadCpuTime() - cpu0;
        assertTrue(used < 2_000_000_000L, "stopped soon after the limit, not at the end: " + used / 1e6 + " ms CPU");
    }

    @Test
    void aRunWithinItsCpuTimeRunsToTheEnd() throws Exception {
        Result r = modules(cpuTime(Duration.ofSeconds(30))).invoke("hog", HogModule.params("cpu", 100));
        assertTrue(r.success(), r.toString());
    }

    @Test
    void aRunAllocatingMoreThanItsMemoryIsStopped() {
        RunLimits limits = new RunLimits(Duration.ZERO, 0, Duration.ZERO, 64L << 20, 0);
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> modules(limits).invoke("hog", HogModule.params("memory", 100_000)));
        assertEquals("module hog stopped: memory limit 64 MiB exceeded (bytes allocated by the run)", e.getMessage());
    }

    @Test
    void aRunOverItsCpuShareIsPausedToHalfACoreOnAverage() throws Exception {
        RunLimits limits = new RunLimits(Duration.ZERO, 0.5, Duration.ZERO, 0, 0);
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Result r = modules(limits).invoke("hog", HogModule.params("cpu", 600));
        double wall = System.nanoTime() - t0;
        double share = (THREADS.getCurrentThreadCpuTime() - cpu0) / wall;
        assertTrue(r.success(), r.toString());
        assertTrue(share <= 0.55, "share " + share);
        assertTrue(wall >= 1.1e9, "600 ms of CPU at half a core takes over 1.1 s: " + wall / 1e9);
    }

    @Test
    void theFileModuleKeepsToItsFileRate(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 40; i++) {
            Files.writeString(dir.resolve("f" + i), "x");
        }
        String json = "{\"searches\":{\"s1\":{\"paths\":[\"" + dir + "\"],\"names\":[\"^f\"]}}}";
        long t0 = System.nanoTime();
        Result r = modules(new RunLimits(Duration.ZERO, 0, Duration.ZERO, 0, 20)).invoke("file", MigJson.tree(json));
        double wall = (System.nanoTime() - t0) / 1e9;
        assertEquals(40, r.statistics().path("totalhits").asInt(), r.toString());
        // a second's worth (20 files) at once, the other 20 at 20 per second
        assertTrue(wall >= 0.9, "40 files at 20/s after a burst of 20 take a second: " + wall);
    }

    @Test
    void withoutLimitsTheFileModuleIsNotPaced(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 40; i++) {
            Files.writeString(dir.resolve("f" + i), "x");
        }
        String json = "{\"searches\":{\"s1\":{\"paths\":[\"" + dir + "\"],\"names\":[\"^f\"]}}}";
        long t0 = System.nanoTime();
        Result r = modules(RunLimits.NONE).invoke("file", MigJson.tree(json));
        assertEquals(40, r.statistics().path("totalhits").asInt(), r.toString());
        assertTrue(System.nanoTime() - t0 < 900_000_000L);
    }

    @Test
    void theDocumentedDefaultsAreTheAgentsLimits() {
        assertEquals(new RunLimits(Duration.ofSeconds(600), 0.5, Duration.ofSeconds(1), 16L << 30, 0),
                RunLimits.from(ConfigFactory.load()));
    }

    @Test
    void aNegativeLimitStopsTheAgentAtStartNamingTheSection() {
        ConfigException e = assertThrows(ConfigException.class, () -> RunLimits.from(
                ConfigFactory.parseString("gator.agent.limits.cpu-share = -1").withFallback(ConfigFactory.load())));
        assertTrue(e.getMessage().contains("gator.agent.limits"), e.getMessage());
    }

    @Test
    void limitMessagesNameWholeSecondsAndBinaryUnits() {
        assertEquals("30 s", RunBudget.seconds(30_000_000_000L));
        assertEquals("1.5 s", RunBudget.seconds(1_500_000_000L));
        assertEquals("200 MiB", RunBudget.bytes(200L << 20));
        assertEquals("3 KiB", RunBudget.bytes(3072));
    }
}
