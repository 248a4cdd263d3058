package io.gator.scheduler.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.json.MigJson;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.relay.amqp.RabbitVhost;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.schema.SchemaInit;
import io.gator.scheduler.ClusterConfig;
import io.gator.scheduler.SchedulerNode;
import io.gator.scheduler.TestNodes;
import io.gator.scheduler.action.ActionEntity;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * {@code bin/bench}: the whole path on this machine's RabbitMQ and PostgreSQL. A fleet simulator JVM
 * ({@code gator.jar fleet}: N agents, one queue and consumer each, the real signature/ACL check and file module)
 * heartbeats into one scheduler node (this JVM), which registers the agents through its heartbeat intake; then
 * signed actions (file search in the fleet's tiny root) target 100, 1,000 and 10,000 of them, three runs each,
 * timed from Create to the action completed in the journal (every result persisted). A second throw-away vhost
 * measures heartbeat ingest the same way as {@code bin/bench-heartbeats}. Prints one table.
 * Arguments: {@code [fleet size] [runs] [heartbeats]} (default 10000 3 50000); sizes above the fleet are skipped.
 */
public final class Bench {
    public static void main(String[] args) {
        BenchFleet.runThenExit(() -> run(args));
    }

    /** The directory the benchmark's file searches walk (a one-file tree made per run). */
    static final java.util.concurrent.atomic.AtomicReference<String> SEARCH_DIR =
            new java.util.concurrent.atomic.AtomicReference<>("/nonexistent");

    static void run(String[] args) throws Exception {
        int fleetSize = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int heartbeats = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        try (BenchFleet platform = BenchFleet.start(fleetSize, "gator.scheduler.results.ask-timeout = 15s\n"
                + System.getenv().getOrDefault("BENCH_SCHEDULER_CONF", ""), r -> r)) {
            SEARCH_DIR.set(platform.searchDir());
            Process fleet = platform.fleet();
            ActorSystem<Void> node = platform.node();
            Database db = platform.db();
            PgpSigner signer = platform.signer();
            AmqpSettings amqp = platform.amqp();

            long id = 7_000_000;
            // warm-up, not a figure: a long-running scheduler has its hot paths compiled; a fresh JVM's first
            // thousand commands run interpreted (the first full-size run took twice as long as the later ones)
            create(node, signer, ++id, "queueloc LIKE 'linux.bench00000%'", 10);
            int warm = Math.min(fleetSize, 1000);
            int warmups = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "30"));
            for (int w = 0; w < warmups; w++) {
                create(node, signer, ++id, "queueloc LIKE 'linux.bench" + "0".repeat(6 - digits(warm - 1)) + "%'", warm);
            }
            if (fleetSize > warm) {
                // the first command ever to each agent queue costs the broker more (the queue's first message)
                create(node, signer, ++id, "queueloc LIKE 'linux.bench%'", fleetSize);
            }
            System.err.printf("warm-up done: %d actions at %,d agents%s%n", warmups, warm,
                    fleetSize > warm ? String.format(", 1 at %,d", fleetSize) : "");
            List<String> rows = new ArrayList<>();
            double[] at10k = null;
            long sentMs10k = 0;
            for (int n : new int[] {100, 1000, 10_000}) {
                if (n > fleetSize) {
                    continue;
                }
                String like = "linux.bench" + "0".repeat(6 - digits(n - 1)) + "%";
                double[] ms = new double[runs];
                long[] sent = new long[runs];
                for (int r = 0; r < runs; r++) {
                    long[] cpu0 = cpuTicks(fleet.pid());
                    java.util.Map<String, Long> th0 = threadTicks(ProcessHandle.current().pid());
                    java.util.Map<String, Long> fth0 = threadTicks(fleet.pid());
                    long[] t = create(node, signer, ++id, "queueloc LIKE '" + like + "'", n);
                    long[] cpu1 = cpuTicks(fleet.pid());
                    if (System.getenv("BENCH_THREADS") != null) {
                        System.err.println("  scheduler threads (CPU ms): " + delta(th0, threadTicks(ProcessHandle.current().pid())));
                        System.err.println("  fleet threads (CPU ms): " + delta(fth0, threadTicks(fleet.pid())));
                    }
                    System.err.printf("%,d agents: %,d ms to all sent, %,d ms to completed; CPU ms per command: "
                                    + "scheduler %.2f, fleet %.2f, RabbitMQ %.2f, PostgreSQL %.2f%n", n, t[0], t[1],
                            perCommand(cpu0, cpu1, 0, n), perCommand(cpu0, cpu1, 1, n), perCommand(cpu0, cpu1, 2, n),
                            perCommand(cpu0, cpu1, 3, n));
                    ms[r] = t[1];
                    sent[r] = t[0];
                }
                double[] sorted = ms.clone();
                Arrays.sort(sorted);
                long[] sentSorted = sent.clone();
                Arrays.sort(sentSorted);
                rows.add(String.format("| Create to all results persisted, %,d agents | %,.0f ms (runs: %s) |", n,
                        sorted[runs / 2], join(ms)));
                if (n == 10_000 || n == fleetSize) {
                    at10k = sorted;
                    sentMs10k = sentSorted[runs / 2];
                }
                System.err.println(rows.get(rows.size() - 1));
            }
            long fleetRss = rssKb(fleet.pid());
            long schedulerRss = rssKb(ProcessHandle.current().pid());

            // heartbeat ingest on its own vhost (the node's intake would compete for the queue otherwise)
            double hbRate;
            try (RabbitVhost hbVhost = new RabbitVhost()) {
                AmqpRelay hbRelay = AmqpRelay.start(amqp.withUri(hbVhost.uri()).withConnectionName("bench-heartbeats"));
                hbRelay.declareSchedulerTopology().toCompletableFuture().get(10, TimeUnit.SECONDS);
                ActorSystem<Void> hbSystem = ActorSystem.create(Behaviors.empty(), "heartbeat-bench",
                        ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
                HeartbeatBench.measure(hbSystem, hbRelay, db, ConfigFactory.load(), heartbeats, "hbw"); // inserts
                hbRate = HeartbeatBench.measure(hbSystem, hbRelay, db, ConfigFactory.load(), heartbeats, "hbw");
                hbSystem.terminate();
                hbRelay.close();
            }
            System.out.println();
            System.out.println("| bin/bench (" + OffsetDateTime.now(ZoneOffset.UTC).withNano(0) + ", load average "
                    + BenchFleet.loadAverage() + ") | median of "
                    + runs + " |");
            System.out.println("|---|---|");
            rows.forEach(System.out::println);
            if (at10k != null) {
                int n = Math.min(10_000, fleetSize);
                System.out.printf("| commands/s, %,d agents (Create to all results persisted) | %,.0f |%n", n,
                        n / (at10k[runs / 2] / 1000.0));
                System.out.printf("| commands/s published and confirmed, %,d agents (Create to all sent) | %,.0f |%n", n,
                        n / Math.max(0.001, sentMs10k / 1000.0));
            }
            System.out.printf("| heartbeats/s ingested into PostgreSQL (%,d, updates) | %,.0f |%n", heartbeats, hbRate);
            System.out.printf("| scheduler RSS (this JVM: node + bench driver, -Xmx1g) | %,d MB |%n", schedulerRss / 1024);
            System.out.printf("| fleet RSS (%,d agents, -Xmx2g -Xmn1g, SerialGC) | %,d MB |%n", fleetSize, fleetRss / 1024);
        }
    }

    /** Creates a signed action and waits for it to complete; returns {ms to all sent, ms to completed}. */
    static long[] create(ActorSystem<?> node, PgpSigner signer, long id, String target, int expected) throws Exception {
        return create(node, signer, id, target, expected, io.gator.scheduler.action.Pacing.NONE);
    }

    /** As above, the action paced by {@code pacing}. */
    static long[] create(ActorSystem<?> node, PgpSigner signer, long id, String target, int expected,
                         io.gator.scheduler.action.Pacing pacing) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ObjectNode search = JsonNodeFactory.instance.objectNode();
        // an absolute path: the file module walks real paths (the fleet's root only redirects /proc-style reads),
        // so the search points at the tiny tree, not at this host's /etc
        search.putArray("paths").add(SEARCH_DIR.get());
        search.putArray("names").add("^passwd$");
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.putObject("searches").set("s1", search);
        Action a = Action.of(id, "bench", target, now.minusSeconds(5), now.plusMinutes(10),
                List.of(new Operation("file", params)));
        String json = MigJson.write(signer.signAction(a));
        long t0 = System.nanoTime();
        StatusReply<ActionEntity.Summary> r = TestNodes.action(node, id).<StatusReply<ActionEntity.Summary>>ask(
                rt -> new ActionEntity.Create(json, ActionEntity.Requester.PLATFORM, rt, false, pacing),
                Duration.ofSeconds(20)).toCompletableFuture().get(25, TimeUnit.SECONDS);
        if (!r.isSuccess()) {
            throw new IllegalStateException("create refused: " + r);
        }
        long tSent = 0;
        while (true) {
            ActionEntity.Summary st = TestNodes.get(node, id);
            if (st != null && tSent == 0 && st.counters().sent() == expected) {
                tSent = System.nanoTime();
            }
            if (st != null && List.of(ActionEntity.COMPLETED, ActionEntity.EXPIRED, ActionEntity.CANCELLED,
                    ActionEntity.INVALID).contains(st.status())) {
                long t1 = System.nanoTime();
                if (!ActionEntity.COMPLETED.equals(st.status()) || st.counters().success() != expected) {
                    throw new IllegalStateException("action " + id + " on " + target + ": " + st);
                }
                return new long[] {(tSent - t0) / 1_000_000, (t1 - t0) / 1_000_000};
            }
            if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(300)) {
                throw new IllegalStateException("action " + id + " not completed in 300 s: " + st);
            }
            Thread.sleep(10);
        }
    }

    /** CPU clock ticks so far of {this JVM, the fleet, the broker, all PostgreSQL processes}: where the time goes. */
    static long[] cpuTicks(long fleetPid) {
        long[] t = new long[4];
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
                    long pid = Long.parseLong(name);
                    int k = pid == ProcessHandle.current().pid() ? 0 : pid == fleetPid ? 1
                            : comm.startsWith("beam") ? 2 : comm.startsWith("postgres") ? 3 : -1;
                    if (k >= 0) {
                        t[k] += ticks;
                    }
                } catch (Exception gone) {
                    // the process ended between list and read
                }
            }
        } catch (Exception e) {
            return t;
        }
        return t;
    }

    /** CPU ticks per thread name (digits folded) of one process. */
    static java.util.Map<String, Long> threadTicks(long pid) {
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path p : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    m.merge(comm, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (Exception gone) {
                    // the thread ended
                }
            }
        } catch (Exception e) {
            return m;
        }
        return m;
    }

    private static String delta(java.util.Map<String, Long> a, java.util.Map<String, Long> b) {
        List<String> out = new ArrayList<>();
        b.entrySet().stream().map(e -> java.util.Map.entry(e.getKey(), e.getValue() - a.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(12)
                .forEach(e -> out.add(e.getKey() + "=" + e.getValue() * 10));
        return String.join(", ", out);
    }

    private static double perCommand(long[] a, long[] b, int k, int n) {
        return (b[k] - a[k]) * 10.0 / n; // USER_HZ is 100 on Linux: one tick is 10 ms
    }

    static int online(Database db, String like) throws Exception {
        try (Connection c = db.connection(); PreparedStatement ps =
                c.prepareStatement("SELECT COUNT(*) FROM agents WHERE queueloc LIKE ? AND status = 'online'")) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static long rssKb(long pid) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }

    private static String join(double[] ms) {
        List<String> out = new ArrayList<>();
        for (double m : ms) {
            out.add(String.format("%,.0f", m));
        }
        return String.join(", ", out);
    }

}
