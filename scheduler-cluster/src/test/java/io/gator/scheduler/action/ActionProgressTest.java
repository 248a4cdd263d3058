package io.gator.scheduler.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.action.Counters;
import io.gator.scheduler.action.ActionEntity.State;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;

/** The entity pushes one progress message per persisted batch to whoever subscribed, atomically with a snapshot. */
class ActionProgressTest {

    static ActionEntity.Subscribed subscribe(ActionEntityTest.Fixture f, TestProbe<ActionProgress> probe) {
        var r = f.kit().<StatusReply<ActionEntity.Subscribed>>runCommand(
                rt -> new ActionEntity.Subscribe(probe.getRef(), rt));
        assertTrue(r.reply().isSuccess(), () -> "subscribe refused: " + r.reply());
        return r.reply().getValue();
    }

    @Test
    void aSubscriberGetsOneMessagePerResultBatchWithTheFinishedResultsAndTheFinalStatus() throws Exception {
        var f = ActionEntityTest.fixture(901, FakeSelector.of(3));
        ActionEntityTest.create(f, Actions.json(901));
        State s = ActionEntityTest.await(f, st -> ActionEntity.INFLIGHT.equals(st.status()));
        TestProbe<ActionProgress> probe = TestProbe.create(ActionEntityTest.KIT.system());
        ActionEntity.Subscribed sub = subscribe(f, probe);
        assertEquals(ActionEntity.INFLIGHT, sub.summary().status());
        List<Long> ids = ActionEntityTest.ids(s);

        ActionEntityTest.results(f, List.of(ActionEntityTest.result(ids.get(0), "success"),
                ActionEntityTest.result(ids.get(1), "failed")));
        ActionProgress p1 = probe.expectMessageClass(ActionProgress.class);
        assertEquals(sub.seq() + 1, p1.fromSeq(), "the first push follows the subscription's sequence number");
        assertEquals(p1.fromSeq(), p1.toSeq());
        assertEquals(ActionEntity.INFLIGHT, p1.status());
        assertEquals(new Counters(3, 2, 1, 1, 0, 0, 1, 0), p1.counters());
        assertEquals(List.of(ids.get(0), ids.get(1)), p1.finished().stream()
                .map(ActionProgress.FinishedCommand::commandId).toList());
        assertTrue(p1.finished().get(0).resultsJson().contains("foundanything"));
        assertTrue(p1.finished().get(0).queueLoc().startsWith("linux.q"), p1.finished().get(0).queueLoc());

        ActionEntityTest.results(f, List.of(ActionEntityTest.result(ids.get(2), "success")));
        ActionProgress p2 = probe.expectMessageClass(ActionProgress.class);
        assertEquals(p1.toSeq() + 1, p2.fromSeq());
        assertEquals(p2.fromSeq() + 1, p2.toSeq(), "CommandsFinished and ActionCompleted are one batch");
        assertEquals(ActionEntity.COMPLETED, p2.status());
        assertEquals(1, p2.finished().size());
        probe.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aFinishedActionAnswersTheSubscriptionWithItsFinalSummaryAndPushesNothing() throws Exception {
        var f = ActionEntityTest.fixture(902, FakeSelector.of(1));
        ActionEntityTest.create(f, Actions.json(902));
        State s = ActionEntityTest.await(f, st -> ActionEntity.INFLIGHT.equals(st.status()));
        ActionEntityTest.results(f, List.of(ActionEntityTest.result(ActionEntityTest.ids(s).get(0), "success")));
        TestProbe<ActionProgress> probe = TestProbe.create(ActionEntityTest.KIT.system());
        ActionEntity.Subscribed sub = subscribe(f, probe);
        assertEquals(ActionEntity.COMPLETED, sub.summary().status());
        assertTrue(sub.seq() >= 4, "created, resolved, sent, finished, completed: seq " + sub.seq());
        probe.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void anUnknownActionRefusesTheSubscription() {
        var f = ActionEntityTest.fixture(903, FakeSelector.of(1));
        TestProbe<ActionProgress> probe = TestProbe.create(ActionEntityTest.KIT.system());
        var r = f.kit().<StatusReply<ActionEntity.Subscribed>>runCommand(
                rt -> new ActionEntity.Subscribe(probe.getRef(), rt));
        assertTrue(r.reply().isError());
        assertTrue(r.reply().getError().getMessage().contains("unknown action 903"));
    }
}
