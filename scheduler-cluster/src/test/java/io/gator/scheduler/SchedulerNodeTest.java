package io.gator.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.core.action.Counters;
import io.gator.core.agent.Agent;
import io.gator.core.json.MigJson;
import io.gator.relay.IncomingMessage;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import io.gator.relay.RelayUnavailableException;
import io.gator.relay.local.LocalRelay;
import io.gator.persistence.Database;
import io.gator.persistence.PersistenceConfig;
import io.gator.persistence.PersistenceSettings;
import io.gator.persistence.agent.AgentRepository;
import io.gator.scheduler.action.ActionEntity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;

/**
 * The embedded wiring end to end: a one-node cluster whose journal and read tables are in H2 (schema applied
 * at start), on an in-JVM relay whose broker is "down" for the first two topology declarations. The node
 * starts its consumers only once the topology exists, takes heartbeats into the agents table, resolves a
 * real target against it, completes an action and projects it into the read tables.
 */
class SchedulerNodeTest {

    /** A relay that refuses the first declarations and records whether consume came before the topology. */
    static final class FlakyStartRelay extends io.gator.relay.ForwardingRelay {
        final AtomicInteger declareAttempts = new AtomicInteger();
        final AtomicBoolean declared = new AtomicBoolean();
        final List<String> consumedBeforeTopology = new CopyOnWriteArrayList<>();
        final List<String> consumed = new CopyOnWriteArrayList<>();

        FlakyStartRelay() {
            super(new LocalRelay());
        }

        @Override
        public CompletionStage<Done> declareSchedulerTopology() {
            if (declareAttempts.incrementAndGet() <= 2) {
                return CompletableFuture.failedFuture(new RelayUnavailableException("broker not up yet (test)"));
            }
            return delegate.declareSchedulerTopology().thenApply(d -> {
                declared.set(true);
                return d;
            });
        }

        @Override
        public Source<IncomingMessage, ?> consume(String queue, int prefetch) {
            (declared.get() ? consumed : consumedBeforeTopology).add(queue);
            return delegate.consume(queue, prefetch);
        }

        @Override
        public void close() {} // the simulated agents share it
    }

    @Test
    void embeddedNodeOnH2StartsConsumersOnlyAfterTheTopologyAndCompletesAnAction() throws Exception {
        String url = "jdbc:h2:mem:node" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        int port = TestNodes.freePort();
        Config config = PersistenceConfig.withPersistence(ClusterConfig.withCluster(ConfigFactory.parseString("""
                gator.persistence.dialect = h2
                gator.persistence.url = "%s"
                gator.persistence.init-schema-on-start = on
                gator.cluster.port = %d
                gator.cluster.seed-nodes = ["127.0.0.1:%d"]
                gator.cluster.management.enabled = off
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                """.formatted(url, port, port))));
        FlakyStartRelay relay = new FlakyStartRelay();
        ActorSystem<Void> agentsSystem = ActorSystem.create(Behaviors.empty(), "agents",
                ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
        try (Database db = Database.open(PersistenceSettings.from(config))) {
            ActorSystem<Void> node = ActorSystem.create(SchedulerNode.create(relay, db), ClusterConfig.systemName(config),
                    config);
            try {
                TestNodes.awaitReady(node);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (relay.consumed.size() < 2) {
                    assertTrue(System.nanoTime() < deadline, "consumers never started: " + relay.consumed);
                    Thread.sleep(50);
                }
                assertEquals(List.of(), relay.consumedBeforeTopology);
                assertEquals(3, relay.declareAttempts.get(), "declared again after each refusal");
                assertTrue(relay.consumed.containsAll(List.of(MigTopology.RESULTS, MigTopology.HEARTBEATS)));

                // agents announce themselves through the heartbeat queue; the intake fills the agents table
                SimulatedAgents agents = new SimulatedAgents(relay, "linux.h2", 20, Duration.ZERO);
                for (Agent a : agents.heartbeats()) {
                    relay.publish(OutgoingMessage.heartbeat(MigJson.writeBytes(a), Optional.empty()))
                            .toCompletableFuture().get(5, TimeUnit.SECONDS);
                }
                AgentRepository repo = new AgentRepository(db, 100);
                while (repo.countByStatus().getOrDefault("online", 0) < 20) {
                    assertTrue(System.nanoTime() < deadline, "heartbeats never stored: " + repo.countByStatus());
                    Thread.sleep(50);
                }
                agents.start(agentsSystem);
                agents.allowAll();
                TestNodes.create(node, 31337, "environment->>'os'='linux' AND queueloc LIKE 'linux.h2-%'");
                ActionEntity.Summary done = TestNodes.await(node, 31337, Duration.ofSeconds(20),
                        s -> ActionEntity.COMPLETED.equals(s.status()), "completed");
                assertEquals(new Counters(20, 20, 0, 20, 0, 0, 0, 0), done.counters());
                // the projection writes the read tables on H2 too
                var actions = new io.gator.persistence.action.ActionReadRepository(db);
                long readDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (actions.find(31337).map(a -> !a.status().equals(ActionEntity.COMPLETED)).orElse(true)) {
                    assertTrue(System.nanoTime() < readDeadline, "read model never completed: " + actions.find(31337));
                    Thread.sleep(100);
                }
                assertEquals(done.counters(), actions.find(31337).orElseThrow().counters());
                agents.close();
            } finally {
                node.terminate();
                node.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            }
        } finally {
            agentsSystem.terminate();
        }
    }
}
