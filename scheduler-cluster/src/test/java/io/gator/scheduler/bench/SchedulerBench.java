package io.gator.scheduler.bench;

import io.gator.relay.amqp.RabbitVhost;
import io.gator.persistence.Database;
import io.gator.persistence.journal.ActionJournal;
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
 * Run through {@code bin/bench-scheduler}; the node and agents are a {@link BenchNode}.
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
        try (BenchNode bench = new BenchNode(vhost, tdb, "gator.scheduler.results.ask-timeout = 15s")) {
            ActorSystem<Void> node = bench.node;
            long id = 4242000;
            List<Integer> runs = new ArrayList<>();
            runs.add(-1000); // warm-up (JIT, pools, shard allocation), reported but not a figure
            runs.addAll(sizes);
            for (int signed : runs) {
                int n = Math.abs(signed);
                String prefix = (signed < 0 ? "warmup" : "bench") + n;
                bench.agents(prefix, n);
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
                        int rows = journalRows(bench.db, id);
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
