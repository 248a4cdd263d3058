package io.gator.scheduler.standing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.json.MigJson;
import io.gator.scheduler.TestNodes;
import io.gator.scheduler.ThreeNodeCluster;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.Actions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three scheduler nodes share the journal; a standing order of three runs 15 s apart, each open 14 s (longer than
 * a failover: about 10 s with these settings). Its owner dies without leaving, either between runs or while a
 * run's window is open and its action in flight: a survivor recovers the remembered order and launches the rest
 * when their windows open. Every run's action is created once, and each agent gets each run's command once.
 */
class StandingOrderFailoverTest {
    static final int AGENTS = 20;
    static final String TARGET = "status='online' AND queueloc LIKE 'linux.so-%'";
    ThreeNodeCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = ThreeNodeCluster.start("linux.so", AGENTS, false).awaitReady();
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
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
    int owner(long id) throws Exception {
        for (int i = 0; i < cluster.nodes.size(); i++) {
            ActorSystem<Void> n = cluster.nodes.get(i);
            var state = org.apache.pekko.actor.typed.javadsl.AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery,
                    org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState>ask(
                    ClusterSharding.get(n).shardState(),
                    reply -> new GetShardRegionState(StandingOrderEntity.TYPE_KEY, reply), Duration.ofSeconds(3),
                    n.scheduler()).toCompletableFuture().get(5, TimeUnit.SECONDS);
            for (var shard : state.getShards()) {
                if (shard.getEntityIds().contains(Long.toString(id))) {
                    return i;
                }
            }
        }
        throw new AssertionError("no node holds standing order " + id);
    }

    /** Three runs 15 s apart from {@code t0}, each open 14 s, posted through node 2. */
    List<StandingOrderEntity.Run> post(long orderId, long firstActionId, Instant t0) throws Exception {
        List<StandingOrderEntity.Run> runs = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            long actionId = firstActionId + k;
            Instant from = t0.plusSeconds(15L * k);
            String json = Actions.json(actionId, TARGET, Duration.between(Instant.now(), from),
                    Duration.between(Instant.now(), from.plusSeconds(14)));
            var a = MigJson.read(json, io.gator.core.action.Action.class);
            runs.add(new StandingOrderEntity.Run(actionId, json, a.validFrom().toInstant(), a.expireAfter().toInstant()));
        }
        StatusReply<StandingOrderEntity.Summary> created = ClusterSharding.get(cluster.nodes.get(1))
                .entityRefFor(StandingOrderEntity.TYPE_KEY, Long.toString(orderId))
                .<StatusReply<StandingOrderEntity.Summary>>ask(reply -> new StandingOrderEntity.Create("failover",
                        new ActionEntity.Requester(2, "alice", false), runs, reply), Duration.ofSeconds(20))
                .toCompletableFuture().get(25, TimeUnit.SECONDS);
        assertTrue(created.isSuccess(), () -> "create refused: " + created);
        return runs;
    }

    /** Every run launched once, every agent answered each run once, each command published and delivered once. */
    void assertEachRunOnceOnEveryAgent(ActorSystem<Void> survivor, long orderId, List<StandingOrderEntity.Run> runs)
            throws Exception {
        StandingOrderEntity.Summary done = awaitOrder(survivor, orderId, 3, Duration.ofSeconds(60));
        assertEquals(List.of("launched", "launched", "launched"),
                done.runs().stream().map(StandingOrderEntity.RunView::status).toList());
        for (StandingOrderEntity.Run r : runs) {
            ActionEntity.Summary s = TestNodes.await(survivor, r.actionId(), Duration.ofSeconds(30),
                    x -> x.counters().done() == AGENTS, "all agents answered run " + r.actionId());
            assertEquals(AGENTS, s.targets());
        }
        assertEquals(3 * AGENTS, cluster.publishes.size(), "commands published: " + cluster.publishes.size());
        assertEquals(Map.of(), cluster.publishedTwice(), "commands published more than once");
        assertEquals(Map.of(), cluster.agents.deliveredTwice(), "commands delivered more than once");
        assertEquals(3 * AGENTS, cluster.agents.deliveries.size());
    }

    @Test
    void theOwnerDyingBetweenRunsLosesNoRunAndLaunchesNoneTwice() throws Exception {
        cluster.agents.allowAll();
        long orderId = 770_001;
        List<StandingOrderEntity.Run> runs = post(orderId, 990_001, Instant.now().plusSeconds(2));
        awaitOrder(cluster.nodes.get(1), orderId, 1, Duration.ofSeconds(20));
        // run 0 answered before the kill: what is under test is the order, not an action's own failover
        TestNodes.await(cluster.nodes.get(1), runs.get(0).actionId(), Duration.ofSeconds(20),
                x -> x.counters().done() == AGENTS, "run 0 answered");
        int owner = owner(orderId);
        cluster.kill(owner);
        assertEachRunOnceOnEveryAgent(cluster.survivor(owner), orderId, runs);
    }

    @Test
    void theOwnerDyingAsARunsWindowOpensWhileItsLaunchIsUnderWayLosesNoRunAndLaunchesNoneTwice() throws Exception {
        cluster.agents.allowAll();
        long orderId = 770_003;
        List<StandingOrderEntity.Run> runs = post(orderId, 990_021, Instant.now().plusSeconds(2));
        awaitOrder(cluster.nodes.get(1), orderId, 1, Duration.ofSeconds(20));
        int owner = owner(orderId);
        // the owner dies the moment run 1's window opens: its Create sent or not, RunLaunched persisted or not
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), runs.get(1).validFrom()).toMillis()));
        cluster.kill(owner);
        assertEachRunOnceOnEveryAgent(cluster.survivor(owner), orderId, runs);
    }

    @Test
    void theOwnerDyingWhileARunsWindowIsOpenAndItsActionInFlightLosesNoRunAndLaunchesNoneTwice() throws Exception {
        long orderId = 770_002;
        List<StandingOrderEntity.Run> runs = post(orderId, 990_011, Instant.now().plusSeconds(2));
        awaitOrder(cluster.nodes.get(1), orderId, 1, Duration.ofSeconds(20));
        // run 0's window is open, every command sent, the agents' answers held: the run is in flight
        TestNodes.await(cluster.nodes.get(1), runs.get(0).actionId(), Duration.ofSeconds(20),
                x -> x.counters().sent() == AGENTS && x.counters().done() == 0, "run 0 sent, none answered");
        int owner = owner(orderId);
        assertTrue(Instant.now().isBefore(runs.get(0).expireAfter()), "the kill must fall inside run 0's window");
        cluster.kill(owner);
        cluster.agents.allowAll();
        assertEachRunOnceOnEveryAgent(cluster.survivor(owner), orderId, runs);
    }
}
