package io.gator.scheduler.bench;

import io.gator.core.json.MigJson;
import io.gator.persistence.TestDatabase;
import io.gator.relay.amqp.RabbitVhost;
import io.gator.scheduler.TestNodes;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.Actions;
import io.gator.scheduler.standing.StandingOrderEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/**
 * {@code bin/bench-standing launch [agents] [rounds]} (default 1000 5): one scheduler node on the local RabbitMQ and
 * PostgreSQL with an {@link AnsweringFleet}; each round launches the same action by hand (its Create sent through
 * sharding, as the API does) and as the one run of a standing order (launched by the order when its window opens),
 * alternately. Prints create-to-all-results for each (by hand: from the Create sent; as a run: from the moment its
 * window opened, so the order's own wake-up and launch count), then median and min of both. A warm-up round of
 * each is reported and left out.
 */
public final class StandingLaunchBench {
    private StandingLaunchBench() {}

    static void run(int agents, int rounds) throws Exception {
        try (RabbitVhost vhost = new RabbitVhost(); TestDatabase tdb = TestDatabase.create();
             BenchNode bench = new BenchNode(vhost, tdb, "gator.scheduler.results.ask-timeout = 15s\n"
                     + "pekko.loglevel = WARNING")) {
            bench.agents("launch", agents);
            ActorSystem<Void> node = bench.node;
            String target = "queueloc LIKE 'launch-%'";
            List<Long> byHand = new ArrayList<>();
            List<Long> asRun = new ArrayList<>();
            long id = 5_150_000;
            for (int round = 0; round <= rounds; round++) {
                String label = round == 0 ? "WARMUP" : "ROUND " + round;
                long hand = byHand(node, ++id, target, agents);
                long run = asRun(node, ++id, 7_700_000 + round, target, agents);
                System.out.printf("%s agents=%d by-hand=%d ms standing-run=%d ms%n", label, agents, hand, run);
                if (round > 0) {
                    byHand.add(hand);
                    asRun.add(run);
                }
            }
            System.out.printf("BENCH launch agents=%d rounds=%d create->all-results: by hand median %d ms min %d ms;"
                    + " standing-order run median %d ms min %d ms%n", agents, rounds, median(byHand),
                    min(byHand), median(asRun), min(asRun));
        }
    }

    /** Create sent to all results persisted, in ms. */
    private static long byHand(ActorSystem<Void> node, long id, String target, int agents) throws Exception {
        long t0 = System.nanoTime();
        TestNodes.create(node, id, target);
        awaitCompleted(node, id, agents);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** A one-run order whose window opens 2 s ahead: from the window opening to all results persisted, in ms. */
    private static long asRun(ActorSystem<Void> node, long actionId, long orderId, String target, int agents)
            throws Exception {
        String json = Actions.json(actionId, target, Duration.ofSeconds(2), Duration.ofMinutes(10));
        var a = MigJson.read(json, io.gator.core.action.Action.class);
        Instant opens = a.validFrom().toInstant();
        StatusReply<StandingOrderEntity.Summary> created = ClusterSharding.get(node)
                .entityRefFor(StandingOrderEntity.TYPE_KEY, Long.toString(orderId))
                .<StatusReply<StandingOrderEntity.Summary>>ask(reply -> new StandingOrderEntity.Create("bench",
                        new ActionEntity.Requester(2, "alice", false), List.of(new StandingOrderEntity.Run(actionId,
                                json, opens, a.expireAfter().toInstant())), reply), Duration.ofSeconds(20))
                .toCompletableFuture().get(25, TimeUnit.SECONDS);
        if (!created.isSuccess()) {
            throw new IllegalStateException("order refused: " + created);
        }
        awaitCompleted(node, actionId, agents);
        return Duration.between(opens, Instant.now()).toMillis();
    }

    /** Polled as SchedulerBench does (every 10 ms), for both kinds alike. */
    private static void awaitCompleted(ActorSystem<Void> node, long id, int agents) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            ActionEntity.Summary st = TestNodes.get(node, id);
            if (st != null && ActionEntity.COMPLETED.equals(st.status())) {
                if (st.counters().success() != agents) {
                    throw new IllegalStateException("action " + id + " completed with " + st.counters());
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("action " + id + " not completed in 120 s: " + st);
            }
            Thread.sleep(10);
        }
    }

    private static long median(List<Long> l) {
        List<Long> s = l.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    private static long min(List<Long> l) {
        return l.stream().mapToLong(Long::longValue).min().orElseThrow();
    }
}
