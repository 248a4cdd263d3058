package io.gator.scheduler.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.action.Counters;
import io.gator.persistence.standing.StandingOrderReadRepository;
import io.gator.persistence.standing.StandingOrderRow;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.standing.RunLauncher;
import io.gator.scheduler.standing.StandingOrderEntity;
import io.gator.scheduler.standing.StandingSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * A real standing order entity on the test's journal, its launches answered at once: runs 0 (window passed:
 * missed), 1 (open now: launched) and 2 (an hour ahead: waiting).
 */
final class StandingOrderFixture {
    static final ActionEntity.Requester ALICE = new ActionEntity.Requester(2, "alice", false);
    static final RunLauncher LAUNCHED = (id, json, by) ->
            CompletableFuture.completedFuture(new ActionEntity.Summary(id, "scheduled", Counters.ZERO, 0));

    private StandingOrderFixture() {}

    static List<StandingOrderEntity.Run> runs(long firstActionId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return List.of(
                run(firstActionId, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1))),
                run(firstActionId + 1, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofMinutes(30))),
                run(firstActionId + 2, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2))));
    }

    private static StandingOrderEntity.Run run(long id, Instant from, Instant to) {
        return new StandingOrderEntity.Run(id, "{\"id\":" + id + "}", from, to);
    }

    /** An order as posted: its entity and its summary once run 1 launched. */
    record Posted(ActorRef<StandingOrderEntity.Command> ref, StandingOrderEntity.Summary summary) {}

    /** Spawns order {@code orderId}, posts it and waits until run 1 launched. */
    static Posted post(ActorTestKit kit, StandingSettings settings, long orderId, String name)
            throws Exception {
        ActorRef<StandingOrderEntity.Command> ref = kit.spawn(StandingOrderEntity.create(
                PersistenceId.of(StandingOrderEntity.TYPE_KEY.name(), Long.toString(orderId)), orderId, LAUNCHED,
                settings, Clock.systemUTC(), self -> { }));
        ask(kit, ref, rt -> new StandingOrderEntity.Create(name, ALICE, runs(orderId * 10), rt));
        long deadline = System.currentTimeMillis() + 10_000;
        StandingOrderEntity.Summary s = ask(kit, ref, StandingOrderEntity.Get::new);
        while (!s.runs().get(1).status().equals(StandingOrderEntity.RUN_LAUNCHED)) {
            assertTrue(System.currentTimeMillis() < deadline, "run 1 never launched: " + s);
            Thread.sleep(20);
            s = ask(kit, ref, StandingOrderEntity.Get::new);
        }
        return new Posted(ref, s);
    }

    static StandingOrderEntity.Summary ask(ActorTestKit kit, ActorRef<StandingOrderEntity.Command> ref,
            Function<ActorRef<StatusReply<StandingOrderEntity.Summary>>, StandingOrderEntity.Command> message)
            throws Exception {
        return AskPattern.<StandingOrderEntity.Command, StatusReply<StandingOrderEntity.Summary>>ask(ref,
                        message::apply, Duration.ofSeconds(10), kit.scheduler())
                .toCompletableFuture().get(15, TimeUnit.SECONDS).getValue();
    }

    /** The order's row once {@code ready} holds (bounded wait for the projection). */
    static StandingOrderRow await(StandingOrderReadRepository repo, long id, Predicate<StandingOrderRow> ready)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        Optional<StandingOrderRow> row = repo.find(id);
        while (row.isEmpty() || !ready.test(row.get())) {
            assertTrue(System.currentTimeMillis() < deadline, "standing order " + id + " never projected: " + row);
            Thread.sleep(50);
            row = repo.find(id);
        }
        return row.get();
    }

    /** The row says what the entity says: name, poster, creation, each run's action, window and status. */
    static void assertSame(StandingOrderEntity.Summary s, StandingOrderRow row) {
        assertEquals(s.orderId(), row.id());
        assertEquals(s.name(), row.name());
        assertEquals(s.status(), row.status());
        assertEquals(s.postedById(), row.postedById());
        assertEquals(s.postedBy(), row.postedBy());
        assertEquals(s.createdAt(), row.createdAt().toInstant());
        assertEquals(s.runs().size(), row.runs().size());
        for (int i = 0; i < s.runs().size(); i++) {
            StandingOrderEntity.RunView r = s.runs().get(i);
            StandingOrderRow.Run t = row.runs().get(i);
            assertEquals(List.of(r.index(), r.actionId(), r.validFrom(), r.expireAfter(), r.status()),
                    List.of(t.index(), t.actionId(), t.validFrom().toInstant(), t.expireAfter().toInstant(),
                            t.status()), "run " + i);
        }
    }
}
