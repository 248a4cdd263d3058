package io.gator.platform.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.action.Action;
import io.gator.core.action.Counters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The soak: {@value #DEFAULT_ACTIONS} file searches in a row (system property {@code gator.soak.actions}
 * changes the count; {@code bin/soak} runs this test alone) against 1,000 simulated agents on the
 * three-scheduler platform of {@link SystemPlatform}, each with exact counters and one answer per agent.
 *
 * <p>Bounds asserted after the last action:
 * <ul>
 *   <li>heap: on each scheduler node, the live heap (young + old generation used right after a full GC, by
 *       {@code jcmd GC.run} then {@code GC.heap_info}) is at most {@value #HEAP_FACTOR} times its value after
 *       the first {@value #WARMUP} actions plus {@value #HEAP_SLACK_MIB} MiB. Both are measured once finished
 *       actions have passivated (passivate-after-finish is 5 s in these configs), so a leak of per-action or
 *       per-command state shows as growth, while caches that fill up once stay within the slack;</li>
 *   <li>RabbitMQ: the vhost holds exactly MIG's durable queues {@code mig.agt.results} and
 *       {@code mig.agt.heartbeats} plus one queue {@code mig.agt.<queueloc>} per running agent (the fleet's
 *       1,000), and no agent queue holds a message (no command left behind).</li>
 * </ul>
 * It prints the time per action (min / median / max) and each node's live heap before and after.
 */
@Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
class SoakSystemTest {
    static final int AGENTS = 1000;
    static final int DEFAULT_ACTIONS = 50;
    static final int WARMUP = 5;
    static final double HEAP_FACTOR = 1.25;
    static final int HEAP_SLACK_MIB = 16;
    static final List<String> SCHEDULERS = List.of("scheduler-1", "scheduler-2", "scheduler-3");
    static SystemPlatform platform;

    @RegisterExtension
    final PrintLogsOnFailure logs = new PrintLogsOnFailure(() -> platform);

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = SystemPlatform.start("soak", List.of(
                new SystemPlatform.FleetSpec("fleet", AGENTS, "sim", "sys", "")));
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void actionsInARowKeepTheSchedulersHeapAndLeaveNoQueueBehind() throws Exception {
        int actions = Integer.getInteger("gator.soak.actions", DEFAULT_ACTIONS);
        assertTrue(actions > WARMUP, "gator.soak.actions must be more than " + WARMUP);
        Counters all = new Counters(AGENTS, AGENTS, 0, AGENTS, 0, 0, 0, 0);
        List<Long> millis = new ArrayList<>();
        Map<String, Long> before = new LinkedHashMap<>();
        long soakStart = System.nanoTime();
        for (int i = 1; i <= actions; i++) {
            long t = System.nanoTime();
            long id = platform.launchFileSearch(Duration.ofMinutes(5));
            Action a = platform.awaitFinished(id, Duration.ofSeconds(180));
            millis.add((System.nanoTime() - t) / 1_000_000);
            Checks.everyAgentAnsweredOnce(platform, a, "completed", all);
            if (i == WARMUP) {
                before.putAll(liveHeaps());
            }
        }
        long soakMillis = (System.nanoTime() - soakStart) / 1_000_000;
        Map<String, Long> after = liveHeaps();
        Checks.noCrash(platform, List.of());

        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("soak: %d actions x %d agents in %.1f s; per action (launch to final, polled every 250 ms):"
                        + " min %d ms, median %d ms, max %d ms; first %d ms%n", actions, AGENTS, soakMillis / 1000.0,
                sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), millis.get(0));
        for (String n : SCHEDULERS) {
            System.out.printf("soak: %s live heap after %d actions %.1f MiB, after %d actions %.1f MiB%n", n, WARMUP,
                    before.get(n) / 1048576.0, actions, after.get(n) / 1048576.0);
        }
        for (String n : SCHEDULERS) {
            long bound = (long) (before.get(n) * HEAP_FACTOR) + HEAP_SLACK_MIB * 1048576L;
            assertTrue(after.get(n) <= bound, n + ": live heap grew from " + before.get(n) + " to " + after.get(n)
                    + " bytes (bound " + bound + ")");
        }

        Map<String, Long> queues = platform.queues();
        TreeSet<String> expected = new TreeSet<>(List.of("mig.agt.results", "mig.agt.heartbeats"));
        IntStream.range(0, AGENTS).mapToObj(i -> String.format("mig.agt.linux.sys%06d", i)).forEach(expected::add);
        assertEquals(expected, new TreeSet<>(queues.keySet()), "queues of vhost " + platform.vhost.name);
        Map<String, Long> waiting = new TreeMap<>();
        queues.forEach((q, n) -> {
            if (q.startsWith("mig.agt.linux.") && n != 0) {
                waiting.put(q, n);
            }
        });
        assertEquals(Map.of(), waiting, "commands left in agent queues");
    }

    /** Each scheduler node's live heap, measured once the finished actions have passivated. */
    static Map<String, Long> liveHeaps() throws Exception {
        Thread.sleep(7000); // passivate-after-finish (5 s) and a margin
        Map<String, Long> heaps = new LinkedHashMap<>();
        for (String n : SCHEDULERS) {
            heaps.put(n, platform.liveHeapBytes(n));
        }
        platform.step("live heaps " + heaps);
        return heaps;
    }
}
