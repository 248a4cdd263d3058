package io.gator.scheduler;

import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.agent.AgentRepository;
import io.gator.persistence.schema.SchemaInit;
import io.gator.relay.local.LocalRelay;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Three scheduler nodes (separate ActorSystems on 127.0.0.1, node 1 the seed) sharing a throw-away PostgreSQL
 * journal and one in-JVM relay, with simulated agents registered as online. Every command a node publishes is
 * recorded in {@link #publishes}; a node terminated here vanishes without leaving, as in a crash.
 */
public final class ThreeNodeCluster implements AutoCloseable {
    public final TestDatabase tdb;
    public final Database db;
    public final LocalRelay relay;
    public final ActorSystem<Void> agentsSystem;
    public final SimulatedAgents agents;
    public final Map<Long, List<String>> publishes = CountingRelay.newLedger();
    public final List<ActorSystem<Void>> nodes = new ArrayList<>();
    /** pekko-management's port on node 1 (0: off). */
    public final int managementPort;

    private ThreeNodeCluster(String agentPrefix, int agents, boolean management) throws Exception {
        tdb = TestDatabase.create();
        db = Database.open(tdb.settings());
        SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
        relay = new LocalRelay();
        relay.declareSchedulerTopology();
        agentsSystem = ActorSystem.create(Behaviors.empty(), "agents",
                com.typesafe.config.ConfigFactory.parseString("pekko.actor.provider = local")
                        .withFallback(com.typesafe.config.ConfigFactory.load()));
        this.agents = new SimulatedAgents(relay, agentPrefix, agents, Duration.ZERO).start(agentsSystem);
        new AgentRepository(db, 500).upsertHeartbeats(this.agents.heartbeats(), OffsetDateTime.now(ZoneOffset.UTC));
        int seedPort = TestNodes.freePort();
        managementPort = management ? TestNodes.freePort() : 0;
        for (int i = 1; i <= 3; i++) {
            var config = TestNodes.config(tdb, i == 1 ? seedPort : 0, seedPort, i == 1 ? managementPort : 0, "");
            nodes.add(ActorSystem.create(SchedulerNode.create(new CountingRelay(relay, "node" + i, publishes), db),
                    ClusterConfig.systemName(config), config));
        }
    }

    /** Starts the cluster; {@code agents} simulated agents named {@code agentPrefix-N}, their answers held. */
    public static ThreeNodeCluster start(String agentPrefix, int agents, boolean management) throws Exception {
        return new ThreeNodeCluster(agentPrefix, agents, management);
    }

    /** Waits until the three nodes are Up and each has started sharding. */
    public ThreeNodeCluster awaitReady() throws InterruptedException {
        TestNodes.awaitUp(nodes.get(0), 3);
        for (ActorSystem<Void> n : nodes) {
            TestNodes.awaitReady(n);
        }
        return this;
    }

    /** Node {@code index} dies: no leave, no hand-off. */
    public void kill(int index) throws Exception {
        nodes.get(index).terminate();
        nodes.get(index).getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** A node other than {@code dead}. */
    public ActorSystem<Void> survivor(int dead) {
        return nodes.get(dead == 0 ? 1 : 0);
    }

    /** Commands published more than once, with who published them. */
    public Map<Long, List<String>> publishedTwice() {
        Map<Long, List<String>> twice = new java.util.TreeMap<>();
        publishes.forEach((cmd, by) -> {
            if (by.size() != 1) {
                twice.put(cmd, by);
            }
        });
        return twice;
    }

    @Override
    public void close() throws Exception {
        try {
            for (ActorSystem<Void> n : nodes) {
                n.terminate();
            }
            for (ActorSystem<Void> n : nodes) {
                n.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            }
            agents.close();
            agentsSystem.terminate();
            agentsSystem.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            relay.close();
        } finally {
            db.close();
            tdb.close();
        }
    }
}
