package io.gator.platform.system;

import io.gator.core.action.Action;
import io.gator.core.action.Counters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whole-system scenarios on one platform of separate processes (three scheduler nodes, one API node, a
 * fleet process of 1,000 simulated agents; real PostgreSQL and RabbitMQ, see {@link SystemPlatform}): a plain
 * file search, then the same search while RabbitMQ connections are closed, while PostgreSQL refuses the
 * database, while the node owning the action is killed, and last a frozen node that the split brain resolver
 * downs must exit (these two last: each leaves the platform one scheduler node fewer). Each action must end with exact counters and one answer per agent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
class ClusterOutagesSystemTest {
    static final int AGENTS = 1000;
    static final Counters ALL_SUCCEEDED = new Counters(AGENTS, AGENTS, 0, AGENTS, 0, 0, 0, 0);
    static SystemPlatform platform;
    static final List<String> killed = new ArrayList<>();
    /**
     * Each simulated module run takes this long on the fleet's 2 module threads, so an action lasts at least
     * 1,000 x 30 ms / 2 = 15 s: without it a warm platform answers 1,000 agents in about a second, before a
     * disruption can land mid-action. Closing the connections takes rabbitmqctl about 5 s (the fleet's
     * connection has a channel per agent); with 10 ms, one CI run finished the action before that.
     */
    static final String SLOW_MODULES = "gator.fleet.module-latency = 30ms\n";

    @RegisterExtension
    final PrintLogsOnFailure logs = new PrintLogsOnFailure(() -> platform);

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = SystemPlatform.start("outages", List.of(
                new SystemPlatform.FleetSpec("fleet", AGENTS, "sim", "sys", SLOW_MODULES)));
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void aSignedFileSearchReachesEveryAgentOnce() throws Exception {
        long id = platform.launchFileSearch(Duration.ofMinutes(5));
        Action a = platform.awaitFinished(id, Duration.ofSeconds(180));
        Checks.everyAgentAnsweredOnce(platform, a, "completed", ALL_SUCCEEDED);
        Checks.noCrash(platform, killed);
    }

    /**
     * RabbitMQ drops every connection of the test's vhost (schedulers, API, fleet) while the owner publishes
     * the commands. Only this vhost's connections are closed ({@code rabbitmqctl close_all_connections --vhost}),
     * so other users of the broker are untouched. Publishers retry, consumers
     * reconnect (unacknowledged results come again and are recognised as duplicates), and every agent's
     * answer is recorded exactly once.
     */
    @Test
    @Order(2)
    void rabbitMqConnectionsClosedMidActionLoseNothing() throws Exception {
        // listed before the action starts, so that closing them is all that happens mid-action
        List<String> connections = platform.rabbitConnections();
        assertTrue(connections.size() >= 5, "schedulers, API and fleet connected: " + connections);
        long id = platform.launchFileSearch(Duration.ofMinutes(5));
        awaitPublishing(id);
        assertNotFinished(platform.action(id).orElseThrow());
        platform.closeRabbitConnections();
        assertNotFinished(platform.action(id).orElseThrow());
        assertEquals(connections.size(), platform.rabbitConnectionsGone(connections), "connections closed");
        Action a = platform.awaitFinished(id, Duration.ofSeconds(180));
        Checks.everyAgentAnsweredOnce(platform, a, "completed", ALL_SUCCEEDED);
        Checks.noCrash(platform, killed);
    }

    /**
     * PostgreSQL goes away for the test's database for 5 s while the action runs. Restarting the server would
     * disturb every other user of this shared PostgreSQL (other tests, other builds), so instead the test
     * blocks new connections to its own database ({@code ALTER DATABASE ... ALLOW_CONNECTIONS false}) and
     * terminates every backend of it ({@code pg_terminate_backend}) every 200 ms for 5 s, then allows
     * connections again: for the nodes this is what a restart looks like (connections cut, refused, back).
     */
    @Test
    @Order(3)
    void postgresGoneMidActionLosesNothing() throws Exception {
        long id = platform.launchFileSearch(Duration.ofMinutes(5));
        awaitPublishing(id);
        Action mid = platform.action(id).orElseThrow();
        assertNotFinished(mid);
        int terminated = platform.databaseBlackout(Duration.ofSeconds(5));
        assertTrue(terminated > 0, "backends terminated");
        Action a = platform.awaitFinished(id, Duration.ofSeconds(180));
        Checks.everyAgentAnsweredOnce(platform, a, "completed", ALL_SUCCEEDED);
        Checks.noCrash(platform, killed);
    }

    /**
     * The scheduler node owning the action (the one whose shard hosts it: it logs "publishing") is killed
     * with SIGKILL while its commands are out; the split brain resolver downs it, the action restarts on a
     * survivor from the journal, and finishes with every agent answered exactly once.
     */
    @Test
    @Order(4)
    void killingTheOwnerNodeMidActionLosesNothing() throws Exception {
        long id = platform.launchFileSearch(Duration.ofMinutes(5));
        String owner = awaitPublishing(id);
        platform.awaitDone(id, 1, Duration.ofSeconds(120));
        Action mid = platform.action(id).orElseThrow();
        assertNotFinished(mid);
        platform.kill(owner);
        killed.add(owner);
        Action a = platform.awaitFinished(id, Duration.ofSeconds(180));
        Checks.everyAgentAnsweredOnce(platform, a, "completed", ALL_SUCCEEDED);
        Checks.noCrash(platform, killed);
        String after = platform.nodes.keySet().stream().filter(n -> n.startsWith("scheduler") && !n.equals(owner))
                .filter(n -> platform.nodes.get(n).logText().contains("action " + id + ": "))
                .findFirst().orElse("none");
        platform.step("action " + id + " finished on " + after + " after " + owner + " was killed");
    }

    /**
     * A scheduler node frozen (SIGSTOP) long enough for the split brain resolver to down it, then resumed
     * (SIGCONT), finds itself out of the cluster and terminates its actor system; the {@code gator} process must
     * then exit with {@code GatorMain.NODE_TERMINATED}, so that systemd restarts it instead of leaving a live
     * process that is no cluster member. Last: the platform keeps one scheduler node after it.
     */
    @Test
    @Order(5)
    void aDownedNodeExitsSoItsSupervisorCanRestartIt() throws Exception {
        String victim = platform.nodes.keySet().stream().filter(n -> n.startsWith("scheduler"))
                .filter(n -> platform.nodes.get(n).alive()).sorted().reduce((a, b) -> b).orElseThrow();
        Process p = platform.nodes.get(victim).process();
        signal("STOP", p.pid());
        killed.add(victim);
        try {
            // the survivors mark it unreachable (6 s pause), then the resolver downs it (stable-after 3 s)
            Thread.sleep(25_000);
        } finally {
            signal("CONT", p.pid());
        }
        platform.step(victim + " resumed after 25 s frozen");
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), victim + " still running after it was downed");
        assertEquals(io.gator.platform.GatorMain.NODE_TERMINATED, p.exitValue(), victim + "'s exit code");
        platform.step(victim + " exited with " + p.exitValue());
    }

    static void signal(String sig, long pid) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        assertEquals(0, k.waitFor(), "kill -" + sig + " " + pid);
    }

    /** Waits for the owner to start publishing the action's commands; returns the owner node. */
    static String awaitPublishing(long id) throws InterruptedException {
        String[] owner = new String[1];
        platform.await(Duration.ofSeconds(60), () -> {
            owner[0] = platform.owner(id).orElse(null);
            return owner[0] != null;
        }, "a scheduler node publishing action " + id);
        platform.step("action " + id + " owned by " + owner[0]);
        return owner[0];
    }

    /** The disruption must hit a running action, or the scenario proves nothing. */
    static void assertNotFinished(Action a) {
        platform.step("disrupting action " + a.id() + " at " + a.status() + " " + a.counters());
        assertFalse(SystemPlatform.FINAL.contains(a.status()) || a.counters().done() >= AGENTS,
                "the action had already finished before the disruption: " + a.counters());
    }
}
