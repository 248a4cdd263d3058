package io.gator.scheduler.standing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.json.MigJson;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.agent.AgentRepository;
import io.gator.persistence.schema.SchemaInit;
import io.gator.relay.local.LocalRelay;
import io.gator.scheduler.CountingRelay;
import io.gator.scheduler.ClusterConfig;
import io.gator.scheduler.SchedulerNode;
import io.gator.scheduler.TestNodes;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.Actions;
import io.gator.scheduler.SimulatedAgents;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three scheduler nodes share the journal; a standing order of three runs 15 s apart, each open 14 s (longer than
 * a failover: about 10 s with these settings). Its owner dies without leaving
 * after the first run launched: a survivor recovers the remembered order and launches the other two when their
 * windows open. Every run's action is created once, and each agent gets each run's command once.
 */
class StandingOrderFailoverTest {
    static final int AGENTS = 20;
    static TestDatabase tdb;
    static Database db;
    static LocalRelay relay;
    static ActorSystem<Void> agentsSystem;
    static SimulatedAgents agents;
    static final Map<Long, List<String>> publishes = CountingRelay.newLedger();
    static final List<ActorSystem<Void>> nodes = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        tdb = TestDatabase.create();
        db = Database.open(tdb.settings());
        SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
        relay = new LocalRelay();
        relay.declareSchedulerTopology();
        agentsSystem = ActorSystem.create(Behaviors.empty(), "agents",
                com.typesafe.config.ConfigFactory.parseString("pekko.actor.provider = local")
                        .withFallback(com.typesafe.config.ConfigFactory.load()));
        agents = new SimulatedAgents(relay, "linux.so", AGENTS, Duration.ZERO).start(agentsSystem);
        agents.allowAll();
        new AgentRepository(db, 500).upsertHeartbeats(agents.heartbeats(), OffsetDateTime.now(ZoneOffset.UTC));
        int seedPort = TestNodes.freePort();
        for (int i = 1; i <= 3; i++) {
            var config = TestNodes.config(tdb, i == 1 ? seedPort : 0, seedPort, 0, "");
            nodes.add(ActorSystem.create(SchedulerNode.create(new CountingRelay(relay, "node" + i, publishes), db),
                    ClusterConfig.systemName(config), config));
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
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

    static StandingOrderEntity.Summary order(ActorSystem<?> node, long id) {
        try {
            return ClusterSharding.get(node).entityRefFor(StandingOrderEntity.TYPE_KEY, Long.toString(id))
                    .<StatusReply<StandingOrderEntity.Summary>>ask(StandingOrderEntity.Get::new, Duration.ofSeconds(3))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS).getValue();
        } catch (Exception e) {
            return null;
        }
    }

    static StandingOrderEntity.Summary awaitOrder(ActorSystem<?> node, long id, long launched, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        StandingOrderEntity.Summary s = null;
        while (System.nanoTime() < deadline) {
            s = order(node, id);
            if (s != null && s.launched() >= launched) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("standing order " + id + " never launched " + launched + " runs; last " + s);
    }

    /** The node whose shard region holds the order now. */
    static int owner(long id) throws Exception {
        for (int i = 0; i < nodes.size(); i++) {
            var probe = org.apache.pekko.actor.typed.javadsl.AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery,
                    org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState>ask(
                    ClusterSharding.get(nodes.get(i)).shardState(),
                    reply -> new GetShardRegionState(StandingOrderEntity.TYPE_KEY, reply), Duration.ofSeconds(3),
                    nodes.get(i).scheduler()).toCompletableFuture().get(5, TimeUnit.SECONDS);
            for (var shard : probe.getShards()) {
                if (shard.getEntityIds().contains(Long.toString(id))) {
                    return i;
                }
            }
        }
        throw new AssertionError("no node holds standing order " + id);
    }

    @Test
    void theOwnerDyingBetweenRunsLosesNoRunAndLaunchesNoneTwice() throws Exception {
        TestNodes.awaitUp(nodes.get(0), 3);
        for (ActorSystem<Void> n : nodes) {
            TestNodes.awaitReady(n);
        }
        String target = "status='online' AND queueloc LIKE 'linux.so-%'";
        Instant t0 = Instant.now().plusSeconds(2);
        List<StandingOrderEntity.Run> runs = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            long actionId = 990_001 + k;
            Instant from = t0.plusSeconds(15L * k);
            String json = Actions.json(actionId, target, Duration.between(Instant.now(), from),
                    Duration.between(Instant.now(), from.plusSeconds(14)));
            var a = MigJson.read(json, io.gator.core.action.Action.class);
            runs.add(new StandingOrderEntity.Run(actionId, json, a.validFrom().toInstant(), a.expireAfter().toInstant()));
        }
        long orderId = 770_001;
        StatusReply<StandingOrderEntity.Summary> created = ClusterSharding.get(nodes.get(1))
                .entityRefFor(StandingOrderEntity.TYPE_KEY, Long.toString(orderId))
                .<StatusReply<StandingOrderEntity.Summary>>ask(reply -> new StandingOrderEntity.Create("failover",
                        new ActionEntity.Requester(2, "alice", false), runs, reply), Duration.ofSeconds(20))
                .toCompletableFuture().get(25, TimeUnit.SECONDS);
        assertTrue(created.isSuccess(), () -> "create refused: " + created);

        awaitOrder(nodes.get(1), orderId, 1, Duration.ofSeconds(20));
        // run 0 answered before the kill: what is under test is the order, not an action's own failover
        TestNodes.await(nodes.get(1), runs.get(0).actionId(), Duration.ofSeconds(20),
                x -> x.counters().done() == AGENTS, "run 0 answered");
        int owner = owner(orderId);
        nodes.get(owner).terminate(); // no leave, no hand-off: a crash
        nodes.get(owner).getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        ActorSystem<Void> survivor = nodes.get(owner == 0 ? 1 : 0);

        StandingOrderEntity.Summary done = awaitOrder(survivor, orderId, 3, Duration.ofSeconds(60));
        assertEquals(List.of("launched", "launched", "launched"),
                done.runs().stream().map(StandingOrderEntity.RunView::status).toList());
        for (StandingOrderEntity.Run r : runs) {
            ActionEntity.Summary s = TestNodes.await(survivor, r.actionId(), Duration.ofSeconds(30),
                    x -> x.counters().done() == AGENTS, "all agents answered run " + r.actionId());
            assertEquals(AGENTS, s.targets());
        }
        // one command per agent per run, each published once
        assertEquals(3 * AGENTS, publishes.size(), "commands published: " + publishes.size());
        publishes.forEach((cmd, by) -> assertEquals(1, by.size(), "command " + cmd + " published " + by));
        assertEquals(Map.of(), agents.deliveredTwice(), "commands delivered more than once");
        assertEquals(3 * AGENTS, agents.deliveries.size());
    }
}
