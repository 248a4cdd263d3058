package io.gator.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.action.Counters;
import io.gator.scheduler.action.ActionEntity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three scheduler nodes (separate ActorSystems on 127.0.0.1, node 1 the seed) share the PostgreSQL journal
 * and one in-JVM relay. An action for 200 simulated agents is in flight (all commands sent, 50 answered) when
 * the node owning it dies without leaving; the split brain resolver on the survivors downs it, sharding
 * restarts the remembered action on a survivor, which recovers from the journal and finishes the action with
 * exact counters. No command leaves twice.
 */
class ThreeNodeFailoverTest {
    static final int AGENTS = 200;
    static ThreeNodeCluster cluster;
    static Map<Long, List<String>> publishes;
    static List<ActorSystem<Void>> nodes;
    static SimulatedAgents agents;

    @BeforeAll
    static void setUp() throws Exception {
        cluster = ThreeNodeCluster.start("linux.fo", AGENTS, true);
        publishes = cluster.publishes;
        nodes = cluster.nodes;
        agents = cluster.agents;
    }

    @AfterAll
    static void tearDown() throws Exception {
        cluster.close();
    }

    @Test
    void anInFlightActionFinishesOnAnotherNodeWhenItsOwnerDiesWithoutLeaving() throws Exception {
        cluster.awaitReady();
        // the cluster is visible through pekko-management on the seed
        HttpResponse<String> members = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + cluster.managementPort + "/cluster/members")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, members.statusCode(), members.body());
        assertEquals(3, members.body().split("\"status\":\"Up\"", -1).length - 1, members.body());

        long id = 880001;
        long t0 = System.nanoTime();
        TestNodes.create(nodes.get(1), id, "status='online' AND queueloc LIKE 'linux.fo-%'");
        TestNodes.await(nodes.get(1), id, Duration.ofSeconds(20), s -> ActionEntity.INFLIGHT.equals(s.status()),
                "inflight");
        assertEquals(AGENTS, publishes.size(), "every agent got its command");
        Set<String> publishers = publishes.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        assertEquals(1, publishers.size(), "one node owns the action: " + publishers);
        String ownerName = publishers.iterator().next();
        int owner = Integer.parseInt(ownerName.substring(4)) - 1;

        agents.allow(50);
        TestNodes.await(nodes.get(owner), id, Duration.ofSeconds(20), s -> s.counters().done() == 50, "50 done");

        // the owner vanishes: no leave, no hand-off (CoordinatedShutdown does not run on terminate here)
        long tKill = System.nanoTime();
        cluster.kill(owner);
        agents.allowAll();
        ActorSystem<Void> survivor = cluster.survivor(owner);

        ActionEntity.Summary done = TestNodes.await(survivor, id, Duration.ofSeconds(45),
                s -> ActionEntity.COMPLETED.equals(s.status()), "completed after failover");
        System.out.printf("failover: owner %s killed %d ms after Create; completed %d ms after the kill%n", ownerName,
                (tKill - t0) / 1_000_000, (System.nanoTime() - tKill) / 1_000_000);
        assertEquals(new Counters(AGENTS, AGENTS, 0, AGENTS, 0, 0, 0, 0), done.counters());

        // the resolver removed the dead node from the survivors' view
        var state = Cluster.get(survivor).state();
        assertEquals(2, java.util.stream.StreamSupport.stream(state.getMembers().spliterator(), false).count(), state.toString());
        assertTrue(state.getUnreachable().isEmpty(), state.toString());

        // no command left twice: one confirmed publish per command id, one delivery per agent, all from the dead owner
        assertEquals(Map.of(), cluster.publishedTwice(), "commands published more than once");
        assertEquals(AGENTS, publishes.size());
        assertEquals(Map.of(), agents.deliveredTwice(), "commands delivered more than once");
        assertEquals(AGENTS, agents.deliveries.size());
        assertEquals(new HashSet<>(List.of(ownerName)),
                publishes.values().stream().flatMap(List::stream).collect(Collectors.toSet()));
        int otherIndex = 3 - owner - (owner == 0 ? 1 : 0); // the index neither owner nor survivor
        ActorSystem<Void> other = nodes.get(otherIndex);
        assertNotEquals(null, TestNodes.get(other, id), "the other survivor reaches it too");

        // graceful leave through CoordinatedShutdown: the node leaves (Removed, not downed), its shards move over
        CoordinatedShutdown.get(other).runAll(CoordinatedShutdown.unknownReason()).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertEquals(MemberStatus.removed(), Cluster.get(other).selfMember().status());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (java.util.stream.StreamSupport.stream(Cluster.get(survivor).state().getMembers().spliterator(), false)
                .count() != 1) {
            assertTrue(System.nanoTime() < deadline, "the leaver never left: " + Cluster.get(survivor).state());
            Thread.sleep(100);
        }
        assertEquals(done, TestNodes.await(survivor, id, Duration.ofSeconds(20),
                s -> ActionEntity.COMPLETED.equals(s.status()), "reachable on the last node"));
    }
}
