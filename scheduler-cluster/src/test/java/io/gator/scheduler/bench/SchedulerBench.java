package io.gator.scheduler.bench;

import com.typesafe.config.ConfigFactory;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.relay.amqp.RabbitVhost;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.journal.ActionJournal;
import io.gator.persistence.schema.SchemaInit;
import io.gator.scheduler.ClusterConfig;
import io.gator.scheduler.SchedulerNode;
import io.gator.persistence.TestDatabase;
import io.gator.scheduler.TestNodes;
import io.gator.scheduler.action.ActionEntity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * One scheduler node on the local RabbitMQ (own vhost) and PostgreSQL (own database), with simulated agents
 * answering at once: prints, for each fleet size given (default 1000 10000), the time from Create to all
 * results persisted (the action completed in the journal) and the journal rows per command.
 * Run through {@code bin/bench-scheduler}; the agents are an {@link AnsweringFleet}.
 */
public final class SchedulerBench {
    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1000, 10000);
        }
        try (RabbitVhost vhost = new RabbitVhost(); TestDatabase tdb = TestDatabase.create()) {
            run(vhost, tdb, sizes);
        }
        System.exit(0);
    }

    static void run(RabbitVhost vhost, TestDatabase tdb, List<Integer> sizes) throws Exception {
        Database db = Database.open(tdb.settings());
        SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
        AmqpSettings s = AmqpSettings.fromRoot(ConfigFactory.load()).withUri(vhost.uri());
        AmqpRelay schedulerRelay = AmqpRelay.start(s.withConnectionName("bench-scheduler"));
        AmqpRelay agentRelay = AmqpRelay.start(s.withConnectionName("bench-agents"));
        schedulerRelay.declareSchedulerTopology().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (AnsweringFleet agents = new AnsweringFleet(vhost, agentRelay)) {
            int port = TestNodes.freePort();
            var config = TestNodes.config(tdb, port, port, 0, "gator.scheduler.results.ask-timeout = 15s");
            ActorSystem<Void> node = ActorSystem.create(SchedulerNode.create(schedulerRelay, db),
                    ClusterConfig.systemName(config), config);
            TestNodes.awaitReady(node);
            long id = 4242000;
            List<Integer> runs = new ArrayList<>();
            runs.add(-1000); // warm-up (JIT, pools, shard allocation), reported but not a figure
            runs.addAll(sizes);
            for (int signed : runs) {
                int n = Math.abs(signed);
                String prefix = (signed < 0 ? "warmup" : "bench") + n;
                agents.add(db, prefix, n, agentRelay);
                id++;
                long t0 = System.nanoTime();
                TestNodes.create(node, id, "queueloc LIKE '" + prefix + "-%'");
                long tSent = 0;
                while (true) {
                    ActionEntity.Summary st = TestNodes.get(node, id);
                    if (st != null && tSent == 0 && st.counters().sent() == n) {
                        tSent = System.nanoTime();
                    }
                    if (st != null && ActionEntity.COMPLETED.equals(st.status())) {
                        long t1 = System.nanoTime();
                        int rows = journalRows(db, id);
                        System.out.printf((signed < 0 ? "WARMUP" : "BENCH") + " agents=%d create->all-sent=%d ms create->all-results-persisted=%d ms "
                                        + "counters=%s journal-rows=%d (%.4f per command)%n", n,
                                (tSent - t0) / 1_000_000, (t1 - t0) / 1_000_000, st.counters(), rows, rows / (double) n);
                        break;
                    }
                    if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(120)) {
                        throw new IllegalStateException("action for " + n + " agents not completed in 120 s: " + st);
                    }
                    Thread.sleep(10);
                }
            }
            node.terminate();
            node.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } finally {
            schedulerRelay.close();
            agentRelay.close();
            db.close();
        }
    }

    static int journalRows(Database db, long actionId) throws Exception {
        try (Connection c = db.connection(); PreparedStatement ps =
                c.prepareStatement("SELECT COUNT(*) FROM event_journal WHERE persistence_id = ?")) {
            ps.setString(1, ActionJournal.persistenceId(actionId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
