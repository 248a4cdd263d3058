package io.gator.scheduler.bench;

import io.gator.relay.IncomingMessage;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import io.gator.relay.ForwardingRelay;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.Pacing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code bin/bench-pace}: paced dispatch on this machine's RabbitMQ and PostgreSQL ({@link BenchFleet}: a fleet
 * simulator JVM and one scheduler node). One signed action to every agent with a pace of its own; the node's relay
 * is wrapped to time each command's publish and count results, so the figures are the commands as they leave for
 * the broker: commands per 1-second window from the first, their deviation from the set rate (the last, partial
 * window left out), and the most commands in flight (published, result not yet received).
 * Arguments: {@code [agents] [rate] [in-flight cap]} (default 3000 500 0; 0 = no cap); {@code BENCH_WARMUP} unpaced
 * actions to every agent come first (default 3).
 */
public final class PaceBench {
    public static void main(String[] args) {
        BenchFleet.runThenExit(() -> run(args));
    }

    static void run(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Timing timing = new Timing();
        try (BenchFleet platform = BenchFleet.start(agents, "gator.scheduler.results.ask-timeout = 15s\n"
                + System.getenv().getOrDefault("BENCH_SCHEDULER_CONF", ""), timing::wrap)) {
            Bench.SEARCH_DIR.set(platform.searchDir());
            long id = 8_000_000;
            // warm-up, not a figure: a fresh JVM runs its first commands interpreted, and each agent queue's first
            // message costs the broker more; both are slower than most paces
            int warmups = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "3"));
            for (int w = 0; w < warmups; w++) {
                Bench.create(platform.node(), platform.signer(), ++id, "queueloc LIKE 'linux.bench%'", agents);
            }
            System.err.printf("warm-up done: %d unpaced actions to %,d agents%n", warmups, agents);
            timing.reset();
            long[] t = Bench.create(platform.node(), platform.signer(), ++id, "queueloc LIKE 'linux.bench%'", agents,
                    new Pacing(rate, inFlight));
            List<Long> at = new ArrayList<>(timing.published);
            at.sort(null);
            long first = at.get(0);
            List<Integer> windows = new ArrayList<>();
            for (long n : at) {
                int w = (int) ((n - first) / 1_000_000_000L);
                while (windows.size() <= w) {
                    windows.add(0);
                }
                windows.set(w, windows.get(w) + 1);
            }
            List<Integer> full = windows.subList(0, Math.max(1, windows.size() - 1));
            int min = full.stream().mapToInt(Integer::intValue).min().orElse(0);
            int max = full.stream().mapToInt(Integer::intValue).max().orElse(0);
            System.out.println();
            System.out.println("| bin/bench-pace " + agents + " " + rate + " " + inFlight + " ("
                    + OffsetDateTime.now(ZoneOffset.UTC).withNano(0) + ", load average "
                    + BenchFleet.loadAverage() + ") | |");
            System.out.println("|---|---|");
            System.out.printf("| commands published per 1-s window (last, partial: %d) | %s |%n",
                    windows.get(windows.size() - 1), String.join(", ", full.stream().map(String::valueOf).toList()));
            System.out.printf("| deviation from %d/s over the full windows | min %+.1f %%, max %+.1f %% |%n", rate,
                    100.0 * (min - rate) / rate, 100.0 * (max - rate) / rate);
            System.out.printf("| first to last publish, %,d commands | %.2f s (%.0f commands/s) |%n", at.size(),
                    (at.get(at.size() - 1) - first) / 1e9, (at.size() - 1) / ((at.get(at.size() - 1) - first) / 1e9));
            System.out.printf("| commands in flight, peak%s | %,d |%n", inFlight > 0 ? " (cap " + inFlight + ")" : "",
                    timing.peak.get());
            System.out.printf("| Create to all sent / to all results persisted | %,d ms / %,d ms |%n", t[0], t[1]);
        }
    }

    /** Wraps the node's relay: when each command left, and how many were in flight at most. */
    static final class Timing {
        final ConcurrentLinkedQueue<Long> published = new ConcurrentLinkedQueue<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();

        void reset() {
            published.clear();
            inFlight.set(0);
            peak.set(0);
        }

        Relay wrap(Relay relay) {
            return new ForwardingRelay(relay) {
                @Override
                public CompletionStage<Done> publish(OutgoingMessage message) {
                    if (MigTopology.TO_AGENTS.equals(message.exchange())) {
                        published.add(System.nanoTime());
                        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    }
                    return delegate.publish(message);
                }

                @Override
                public Source<IncomingMessage, ?> consume(String queue, int prefetch) {
                    Source<IncomingMessage, ?> s = delegate.consume(queue, prefetch);
                    return MigTopology.RESULTS.equals(queue) ? s.map(m -> {
                        inFlight.decrementAndGet();
                        return m;
                    }) : s;
                }

                @Override
                public void close() {} // BenchFleet closes the AMQP relay
            };
        }
    }
}
