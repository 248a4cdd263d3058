package io.gator.scheduler.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.core.action.Action;
import io.gator.core.action.Counters;
import io.gator.core.action.Operation;
import io.gator.core.json.MigJson;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceConfig;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.schema.SchemaInit;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.standing.RunLauncher;
import io.gator.scheduler.standing.StandingOrderEntity;
import io.gator.scheduler.standing.StandingSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * {@code bin/bench-standing}: N standing orders of R runs each (realistic signed file-search actions, windows a day
 * ahead so nothing launches) held by one node on a throw-away PostgreSQL journal: heap they take once created, then
 * a fresh actor system on the same journal (a node restart) and the time until every order recovered and answered.
 * Arguments: {@code [orders] [runs]} (default 10000 100), or {@code launch [agents] [rounds]}
 * ({@link StandingLaunchBench}).
 */
public final class StandingBench {
    public static void main(String[] args) {
        try {
            if (args.length > 0 && args[0].equals("launch")) {
                StandingLaunchBench.run(args.length > 1 ? Integer.parseInt(args[1]) : 1000,
                        args.length > 2 ? Integer.parseInt(args[2]) : 5);
            } else {
                run(args.length > 0 ? Integer.parseInt(args[0]) : 10_000,
                        args.length > 1 ? Integer.parseInt(args[1]) : 100);
            }
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static final RunLauncher NEVER = (id, json, by) -> CompletableFuture.completedFuture(
            new ActionEntity.Summary(id, "scheduled", Counters.ZERO, 0));

    static void run(int orders, int runs) throws Exception {
        List<StandingOrderEntity.Run> series = series(runs);
        long bytes = series.stream().mapToLong(r -> r.actionJson().length()).sum();
        System.out.printf("%d standing orders x %d runs (%.1f KiB of action JSON per order)%n", orders, runs,
                bytes / 1024.0);
        try (TestDatabase tdb = TestDatabase.create()) {
            try (Database db = Database.open(tdb.settings())) {
                SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
            }
            Config config = PersistenceConfig.withPersistence(ConfigFactory.parseString(
                    "gator.persistence.url = \"" + tdb.url + "\"\npekko.actor.provider = local\n"
                            + "pekko.loglevel = WARNING\n").withFallback(ConfigFactory.load()));
            long base = heap();
            long t0 = System.nanoTime();
            List<ActorRef<StandingOrderEntity.Command>> refs = new ArrayList<>();
            ActorSystem<Void> first = spawn(config, orders, refs);
            // each order its own copy of the texts, as orders posted one by one hold
            await(first, refs, i -> reply -> new StandingOrderEntity.Create("bench " + i,
                    new ActionEntity.Requester(2, "alice", false), series.stream().map(r -> new StandingOrderEntity.Run(
                            r.actionId(), new String(r.actionJson().toCharArray()), r.validFrom(), r.expireAfter()))
                            .toList(), reply));
            double created = (System.nanoTime() - t0) / 1e9;
            long held = heap() - base;
            System.out.printf("created in %.1f s; heap held by the orders: %.0f MiB (%.1f KiB per order)%n", created,
                    held / 1048576.0, held / 1024.0 / orders);
            stop(first);
            long afterStop = heap();
            long t1 = System.nanoTime();
            List<ActorRef<StandingOrderEntity.Command>> again = new ArrayList<>();
            ActorSystem<Void> second = spawn(config, orders, again);
            await(second, again, i -> StandingOrderEntity.Get::new);
            double recovered = (System.nanoTime() - t1) / 1e9;
            long heldAgain = heap() - afterStop;
            System.out.printf("recovered after restart in %.1f s (%.0f orders/s); heap: %.0f MiB%n", recovered,
                    orders / recovered, heldAgain / 1048576.0);
            stop(second);
        }
    }

    /** A node's actor system holding the orders (spawned by its guardian; {@code refs} filled before it returns). */
    private static ActorSystem<Void> spawn(Config config, int orders, List<ActorRef<StandingOrderEntity.Command>> refs)
            throws InterruptedException {
        StandingSettings settings = StandingSettings.from(config);
        java.util.concurrent.CountDownLatch spawned = new java.util.concurrent.CountDownLatch(1);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.<Void>setup(ctx -> {
            for (int i = 1; i <= orders; i++) {
                refs.add(ctx.spawn(StandingOrderEntity.create(PersistenceId.of("StandingOrder", Integer.toString(i)),
                        i, NEVER, settings, Clock.systemUTC(), self -> { }), "order-" + i));
            }
            spawned.countDown();
            return Behaviors.empty();
        }), "standing-bench", config);
        if (!spawned.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("orders not spawned");
        }
        return system;
    }

    private static void stop(ActorSystem<Void> system) throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(2, TimeUnit.MINUTES);
    }

    /** Asks every order, at most 256 at once, and waits for all answers. */
    private static void await(ActorSystem<Void> kit, List<ActorRef<StandingOrderEntity.Command>> refs,
                              java.util.function.IntFunction<org.apache.pekko.japi.function.Function<
                                      ActorRef<StatusReply<StandingOrderEntity.Summary>>, StandingOrderEntity.Command>>
                                      message) throws Exception {
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(256);
        List<CompletableFuture<?>> all = new ArrayList<>(refs.size());
        for (int i = 0; i < refs.size(); i++) {
            inFlight.acquire();
            CompletionStage<StatusReply<StandingOrderEntity.Summary>> f = AskPattern.ask(refs.get(i),
                    message.apply(i + 1), Duration.ofSeconds(60), kit.scheduler());
            all.add(f.toCompletableFuture().whenComplete((r, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
        for (CompletableFuture<?> f : all) {
            if (f.get() instanceof StatusReply<?> r && r.isError()) {
                throw new IllegalStateException("an order refused: " + r.getError().getMessage());
            }
        }
    }

    private static List<StandingOrderEntity.Run> series(int runs) throws Exception {
        PgpSigner signer = PgpSigner.of(KeyGen.ed25519("bench <bench@example.net>"));
        Instant start = Instant.now().plus(Duration.ofDays(1));
        List<StandingOrderEntity.Run> out = new ArrayList<>(runs);
        for (int k = 0; k < runs; k++) {
            OffsetDateTime from = OffsetDateTime.ofInstant(start.plus(Duration.ofHours(k)), ZoneOffset.UTC);
            Action a = signer.signAction(Action.of(1000 + k, "hourly passwd", "status='online' AND os='linux'", from,
                    from.plusMinutes(59), List.of(new Operation("file", MigJson.tree(
                            "{\"searches\":{\"s1\":{\"paths\":[\"/etc\"],\"names\":[\"^passwd$\"]}}}")))));
            out.add(new StandingOrderEntity.Run(a.id(), MigJson.write(a), from.toInstant(),
                    a.expireAfter().toInstant()));
        }
        return out;
    }

    private static long heap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
