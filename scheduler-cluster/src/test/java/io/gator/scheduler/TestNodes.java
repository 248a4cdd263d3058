package io.gator.scheduler;

import io.gator.persistence.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.persistence.PersistenceConfig;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.Actions;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/** Scheduler nodes for multi-node and outage tests: config, Create and Get through sharding, waiting. */
public final class TestNodes {
    private TestNodes() {}

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A scheduler node's config on 127.0.0.1: journal in {@code tdb}, artery on {@code port} (0 = ephemeral),
     * seed {@code 127.0.0.1:seedPort}, {@code extra} on top, SBR after 2 s, quick failure detection, short result asks; terminate
     * does not run CoordinatedShutdown (a terminated node vanishes without leaving, like a crash).
     */
    public static Config config(TestDatabase tdb, int port, int seedPort, int managementPort, String extra) {
        Config c = ConfigFactory.parseString(extra).withFallback(ConfigFactory.parseString("""
                gator.persistence.url = "%s"
                gator.persistence.journal-pool-size = 4
                gator.persistence.read-pool-size = 2
                gator.cluster.port = %d
                gator.cluster.seed-nodes = ["127.0.0.1:%d"]
                gator.cluster.split-brain-resolver.stable-after = 2s
                gator.cluster.management.enabled = %s
                gator.cluster.management.port = %d
                gator.scheduler.results.ask-timeout = 3s
                gator.scheduler.action.passivate-after-finish = 120s
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.cluster.failure-detector.heartbeat-interval = 500ms
                pekko.cluster.failure-detector.acceptable-heartbeat-pause = 2s
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                pekko.coordinated-shutdown.run-by-actor-system-terminate = off
                """.formatted(tdb.url, port, seedPort, managementPort > 0 ? "on" : "off", Math.max(managementPort, 1))));
        return PersistenceConfig.withPersistence(ClusterConfig.withCluster(c));
    }

    /** Waits until {@code from} sees {@code members} members Up and none unreachable. */
    public static void awaitUp(ActorSystem<?> from, int members) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            var state = org.apache.pekko.cluster.typed.Cluster.get(from).state();
            long up = java.util.stream.StreamSupport.stream(state.getMembers().spliterator(), false)
                    .filter(m -> m.status() == org.apache.pekko.cluster.MemberStatus.up()).count();
            if (up == members && state.getUnreachable().isEmpty()) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "cluster never had " + members + " members up: " + state);
            Thread.sleep(100);
        }
    }

    /** Waits until the node is Up and its guardian has started action sharding. */
    public static void awaitReady(ActorSystem<?> system) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean up = org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().status()
                    == org.apache.pekko.cluster.MemberStatus.up();
            boolean sharding;
            try {
                action(system, 1);
                sharding = true;
            } catch (IllegalStateException notYet) {
                sharding = false;
            }
            if (up && sharding) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "node never ready: up=" + up + ", sharding=" + sharding);
            Thread.sleep(50);
        }
    }

    public static EntityRef<ActionEntity.Command> action(ActorSystem<?> system, long id) {
        return ClusterSharding.get(system).entityRefFor(ActionEntity.TYPE_KEY, Long.toString(id));
    }

    public static ActionEntity.Summary create(ActorSystem<?> system, long id, String target) throws Exception {
        StatusReply<ActionEntity.Summary> r = action(system, id).<StatusReply<ActionEntity.Summary>>ask(
                        rt -> new ActionEntity.Create(Actions.json(id, target, Duration.ofSeconds(-1), Duration.ofMinutes(10)),
                                rt), Duration.ofSeconds(20))
                .toCompletableFuture().get(25, TimeUnit.SECONDS);
        assertTrue(r.isSuccess(), () -> "create refused: " + r);
        return r.getValue();
    }

    /** Get through sharding; null while the entity cannot answer (rebalancing, journal down). */
    public static ActionEntity.Summary get(ActorSystem<?> system, long id) {
        try {
            return action(system, id).<StatusReply<ActionEntity.Summary>>ask(ActionEntity.Get::new, Duration.ofSeconds(3))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS).getValue();
        } catch (Exception e) {
            return null;
        }
    }

    public static ActionEntity.Summary await(ActorSystem<?> system, long id, Duration within,
                                             Predicate<ActionEntity.Summary> p, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        ActionEntity.Summary s = null;
        while (System.nanoTime() < deadline) {
            s = get(system, id);
            if (s != null && p.test(s)) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("action " + id + " never " + what + " within " + within + "; last seen " + s);
    }
}
