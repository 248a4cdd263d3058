package io.gator.scheduler.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.TargetAgent;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.query.javadsl.PersistenceTestKitReadJournal;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.Test;

/** A run's results are folded from its action's events, and only once the action has a final status. */
class JournalResultSourceTest {
    static final Instant T = Instant.parse("2030-01-01T00:00:00Z");
    static final TargetAgent A = new TargetAgent(1, "a.test", "linux.a", "", "1", 10);
    static final TargetAgent B = new TargetAgent(2, "b.test", "linux.b", "", "1", 11);

    static JournalResultSource.Fold running() {
        JournalResultSource.Fold f = new JournalResultSource.Fold(9);
        f.add(new ActionEntity.ActionCreated(9, "{\"id\":9}", "status='online'", T, T.plusSeconds(600), T));
        f.add(new ActionEntity.TargetsResolved(List.of(new ActionEntity.Target(91, A), new ActionEntity.Target(92, B)),
                T));
        f.add(new ActionEntity.CommandsSent(List.of(91L, 92L), T));
        f.add(new ActionEntity.CommandsFinished(List.of(new ActionEntity.Finished(91, "success",
                "[{\"foundanything\":true}]")), T.plusSeconds(5)));
        return f;
    }

    @Test
    void aRunningActionHasNoResultsYet() {
        assertTrue(running().result().isEmpty());
    }

    @Test
    void anExpiredActionGivesEveryTargetWithItsResultOrExpired() {
        JournalResultSource.Fold f = running();
        f.add(new ActionEntity.ActionExpired(T.plusSeconds(600)));
        RunResults r = f.result().orElseThrow();
        assertEquals(ActionEntity.EXPIRED, r.status());
        assertEquals(2, r.commands().size());
        assertEquals("success", r.commands().get(0).status());
        assertEquals("[{\"foundanything\":true}]", r.commands().get(0).resultsJson());
        assertEquals("expired", r.commands().get(1).status());
        assertEquals("[]", r.commands().get(1).resultsJson());
        assertEquals(T.plusSeconds(600), r.finishTime());
    }

    @Test
    void aCancelledActionMarksTheSilentCommandsCancelled() {
        JournalResultSource.Fold f = running();
        f.add(new ActionEntity.ActionCancelled(T.plusSeconds(60)));
        assertEquals("cancelled", f.result().orElseThrow().commands().get(1).status());
    }

    @Test
    void theActionsJournalIsReadUnderTheActionEntitysPersistenceId() throws Exception {
        ActorTestKit kit = ActorTestKit.create("JournalResultSourceTest", PersistenceTestKitPlugin.getInstance()
                .config().withFallback(com.typesafe.config.ConfigFactory.load()));
        try {
            PersistenceTestKit journal = PersistenceTestKit.create(kit.system());
            String pid = PersistenceId.of(ActionEntity.TYPE_KEY.name(), "9").id();
            journal.persistForRecovery(pid, List.of(
                    new ActionEntity.ActionCreated(9, "{\"id\":9}", "status='online'", T, T.plusSeconds(600), T),
                    new ActionEntity.TargetsResolved(List.of(new ActionEntity.Target(91, A)), T),
                    new ActionEntity.CommandsFinished(List.of(new ActionEntity.Finished(91, "success", "[]")), T),
                    new ActionEntity.ActionCompleted(T.plusSeconds(5))));
            JournalResultSource source = new JournalResultSource(kit.system(), PersistenceTestKitReadJournal.Identifier());
            RunResults r = source.finished(9).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS)
                    .orElseThrow();
            assertEquals(ActionEntity.COMPLETED, r.status());
            assertEquals(91, r.commands().get(0).commandId());
            assertTrue(source.finished(10).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS)
                    .isEmpty(), "an action never created has no results");
        } finally {
            kit.shutdownTestKit();
        }
    }
}
