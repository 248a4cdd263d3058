package io.gator.scheduler.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.core.action.Counters;
import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.relay.FakeRelay;
import io.gator.scheduler.SchedulerSettings;
import io.gator.scheduler.action.ActionEntity.IncomingResult;
import io.gator.scheduler.action.ActionEntity.ResultsAck;
import io.gator.scheduler.action.ActionEntity.State;
import io.gator.scheduler.action.ActionEntity.Summary;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every transition of an action, with the in-memory journal of persistence-testkit. */
class ActionEntityTest {
    static final Config CONFIG = EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load());
    static final ActorTestKit KIT = ActorTestKit.create("ActionEntityTest", CONFIG);
    static final SchedulerSettings SETTINGS = SchedulerSettings.from(CONFIG);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    record Fixture(EventSourcedBehaviorTestKit<ActionEntity.Command, ActionEntity.Event, State> kit, FakeRelay relay) {}

    static Fixture fixture(long id, AgentSelector selector) {
        FakeRelay relay = new FakeRelay();
        var kit = EventSourcedBehaviorTestKit.<ActionEntity.Command, ActionEntity.Event, State>create(KIT.system(),
                ActionEntity.create(PersistenceId.of("Action", Long.toString(id)), id, relay, selector, SETTINGS,
                        Clock.systemUTC()));
        return new Fixture(kit, relay);
    }

    static State await(Fixture f, Predicate<State> p) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        State s = f.kit().getState();
        while (!p.test(s)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("state never reached the expected condition: " + s.status() + " " + s.counters());
            }
            Thread.sleep(10);
            s = f.kit().getState();
        }
        return s;
    }

    static Summary create(Fixture f, String json) {
        var r = f.kit().<StatusReply<Summary>>runCommand(rt -> new ActionEntity.Create(json, rt));
        assertTrue(r.reply().isSuccess(), () -> "create refused: " + r.reply());
        assertInstanceOf(ActionEntity.ActionCreated.class, r.event());
        return r.reply().getValue();
    }

    static ResultsAck results(Fixture f, List<IncomingResult> rs) {
        var r = f.kit().<StatusReply<ResultsAck>>runCommand(rt -> new ActionEntity.ResultsReceived(rs, rt));
        return r.reply().getValue();
    }

    static List<Long> ids(State s) {
        return new ArrayList<>(s.commands().keySet()).stream().sorted().toList();
    }

    static IncomingResult result(long cmd, String status) {
        return new IncomingResult(cmd, status, "[{\"foundanything\":true,\"success\":true,\"elements\":null,"
                + "\"statistics\":null,\"errors\":null}]", "q");
    }

    @Test
    void createdActionIsScheduledThenSendsEveryCommandAndTurnsInflight() throws Exception {
        Fixture f = fixture(1, FakeSelector.of(5));
        assertEquals(ActionEntity.SCHEDULED, create(f, Actions.json(1)).status());
        State s = await(f, st -> ActionEntity.INFLIGHT.equals(st.status()));
        assertEquals(new Counters(5, 0, 5, 0, 0, 0, 0, 0), s.counters());
        assertEquals(5, f.relay().published.size());
        Command c = MigJson.read(f.relay().published.get(0).body(), Command.class);
        assertEquals("sent", c.status());
        assertEquals(ActionEntity.PREPARING, c.action().status());
        assertEquals(1, c.results().size());
        assertTrue(s.commands().containsKey(c.id()));
        assertTrue(f.relay().published.get(0).routingKey().startsWith("mig.agt.linux.q"));
    }

    @Test
    void resultsMoveCountersKeepTheInvariantAndCompleteTheAction() throws Exception {
        Fixture f = fixture(2, FakeSelector.of(4));
        create(f, Actions.json(2));
        List<Long> ids = ids(await(f, st -> ActionEntity.INFLIGHT.equals(st.status())));
        assertEquals(new ResultsAck(2, 0), results(f, List.of(result(ids.get(0), "success"), result(ids.get(1), "failed"))));
        State mid = f.kit().getState();
        assertEquals(new Counters(4, 2, 2, 1, 0, 0, 1, 0), mid.counters());
        assertTrue(mid.counters().consistent());
        var r = f.kit().<StatusReply<ResultsAck>>runCommand(rt -> new ActionEntity.ResultsReceived(
                List.of(result(ids.get(2), "timeout"), result(ids.get(3), "success")), rt));
        assertEquals(2, r.events().size());
        assertInstanceOf(ActionEntity.ActionCompleted.class, r.events().get(1));
        State end = r.state();
        assertEquals(ActionEntity.COMPLETED, end.status());
        assertEquals(new Counters(4, 4, 0, 2, 0, 0, 1, 1), end.counters());
        assertTrue(end.counters().consistent());
    }

    @Test
    void duplicateAndLateResultsAreIgnoredWithoutChangingCounters() throws Exception {
        Fixture f = fixture(3, FakeSelector.of(2));
        create(f, Actions.json(3));
        List<Long> ids = ids(await(f, st -> ActionEntity.INFLIGHT.equals(st.status())));
        results(f, List.of(result(ids.get(0), "success")));
        Counters before = f.kit().getState().counters();
        // the same result again, twice in one batch, and a command the action never had
        var dup = f.kit().<StatusReply<ResultsAck>>runCommand(rt -> new ActionEntity.ResultsReceived(
                List.of(result(ids.get(0), "failed"), result(424242L, "success")), rt));
        assertEquals(new ResultsAck(0, 2), dup.reply().getValue());
        assertTrue(dup.hasNoEvents());
        assertEquals(before, f.kit().getState().counters());
        var twice = f.kit().<StatusReply<ResultsAck>>runCommand(rt -> new ActionEntity.ResultsReceived(
                List.of(result(ids.get(1), "success"), result(ids.get(1), "failed")), rt));
        assertEquals(new ResultsAck(1, 1), twice.reply().getValue());
        assertEquals(ActionEntity.COMPLETED, twice.state().status());
        // late: the action is over
        var late = f.kit().<StatusReply<ResultsAck>>runCommand(rt -> new ActionEntity.ResultsReceived(
                List.of(result(ids.get(1), "success")), rt));
        assertEquals(new ResultsAck(0, 1), late.reply().getValue());
        assertTrue(late.hasNoEvents());
        assertEquals(new Counters(2, 2, 0, 2, 0, 0, 0, 0), late.state().counters());
    }

    @Test
    void unknownResultStatusIsIgnoredAndNamed() throws Exception {
        Fixture f = fixture(31, FakeSelector.of(1));
        create(f, Actions.json(31));
        List<Long> ids = ids(await(f, st -> ActionEntity.INFLIGHT.equals(st.status())));
        assertEquals(new ResultsAck(0, 1), results(f, List.of(result(ids.get(0), "exploded"))));
        assertEquals(ActionEntity.INFLIGHT, f.kit().getState().status());
    }

    @Test
    void cancelFinishesEveryUnfinishedCommandAsCancelled() throws Exception {
        Fixture f = fixture(4, FakeSelector.of(3));
        create(f, Actions.json(4));
        List<Long> ids = ids(await(f, st -> ActionEntity.INFLIGHT.equals(st.status())));
        results(f, List.of(result(ids.get(0), "success")));
        var r = f.kit().<StatusReply<Summary>>runCommand(ActionEntity.Cancel::new);
        assertEquals(ActionEntity.CANCELLED, r.reply().getValue().status());
        assertEquals(new Counters(3, 3, 0, 1, 2, 0, 0, 0), r.state().counters());
        assertTrue(r.state().counters().consistent());
        var again = f.kit().<StatusReply<Summary>>runCommand(ActionEntity.Cancel::new);
        assertTrue(again.reply().isError());
        assertTrue(again.hasNoEvents());
    }

    @Test
    void createRecordsWhoPostedAndOnlyASignerOrAnAdminMayCancelWithTheJournalNamingWho() throws Exception {
        Fixture f = fixture(41, FakeSelector.of(2));
        io.gator.core.investigator.Investigator alice = new io.gator.core.investigator.Investigator(2, "alice", "AA",
                "", "active", null, null, io.gator.core.investigator.Permissions.ALL);
        String json = MigJson.write(MigJson.read(Actions.json(41), io.gator.core.action.Action.class)
                .withInvestigators(List.of(alice)));
        var created = f.kit().<StatusReply<Summary>>runCommand(rt -> new ActionEntity.Create(json,
                new ActionEntity.Requester(2, "alice", false), rt));
        ActionEntity.ActionCreated ev = (ActionEntity.ActionCreated) created.event();
        assertEquals(2, ev.postedById());
        assertEquals("alice", ev.postedBy());
        var byBob = f.kit().<StatusReply<Summary>>runCommand(rt -> new ActionEntity.Cancel(
                new ActionEntity.Requester(5, "bob", false), rt));
        assertTrue(byBob.reply().isError());
        assertTrue(byBob.reply().getError().getMessage().startsWith(ActionEntity.NOT_ALLOWED), byBob.reply().toString());
        // the action keeps running meanwhile (its own events may land here): no cancellation among them
        assertTrue(byBob.events().stream().noneMatch(ActionEntity.ActionCancelled.class::isInstance));
        assertTrue(byBob.state().running());
        var byAlice = f.kit().<StatusReply<Summary>>runCommand(rt -> new ActionEntity.Cancel(
                new ActionEntity.Requester(2, "alice", false), rt));
        assertEquals(ActionEntity.CANCELLED, byAlice.reply().getValue().status());
        ActionEntity.ActionCancelled cancelled = cancelledEvent(byAlice.events());
        assertEquals("alice", cancelled.by());
        assertEquals(2, cancelled.byId());
    }

    @Test
    void anAdminWhoDidNotSignMayCancel() throws Exception {
        Fixture f = fixture(42, FakeSelector.of(1));
        create(f, Actions.json(42));
        var r = f.kit().<StatusReply<Summary>>runCommand(rt -> new ActionEntity.Cancel(
                new ActionEntity.Requester(7, "root", true), rt));
        assertEquals(ActionEntity.CANCELLED, r.reply().getValue().status());
        assertEquals("root", cancelledEvent(r.events()).by());
    }

    static ActionEntity.ActionCancelled cancelledEvent(List<ActionEntity.Event> events) {
        return events.stream().filter(ActionEntity.ActionCancelled.class::isInstance)
                .map(ActionEntity.ActionCancelled.class::cast).findFirst().orElseThrow();
    }

    @Test
    void expiryTurnsUnfinishedCommandsExpiredEvenWhileTheBrokerIsDown() throws Exception {
        Fixture f = fixture(5, FakeSelector.of(3));
        f.relay().down.set(true);
        create(f, Actions.json(5, "status='online'", Duration.ofSeconds(-1), Duration.ofMillis(1500)));
        State prep = await(f, st -> ActionEntity.PREPARING.equals(st.status()));
        assertEquals(3, prep.pendingCommands().size());
        State s = await(f, st -> ActionEntity.EXPIRED.equals(st.status()));
        assertEquals(new Counters(3, 3, 0, 0, 0, 3, 0, 0), s.counters());
        assertTrue(s.counters().consistent());
        assertEquals(0, f.relay().published.size());
    }

    @Test
    void emptyTargetCompletesAtOnceWithZeroCounters() throws Exception {
        Fixture f = fixture(6, FakeSelector.of(0));
        create(f, Actions.json(6));
        State s = await(f, State::finished);
        assertEquals(ActionEntity.COMPLETED, s.status());
        assertEquals(Counters.ZERO, s.counters());
        assertTrue(f.relay().published.isEmpty());
    }

    @Test
    void invalidCreatesAreRefusedWithoutEventsAndInjectionNeverReachesTheSelector() {
        Fixture f = fixture(7, FakeSelector.of(1));
        List<String> bad = List.of("{not json", Actions.json(8),
                Actions.json(7, "name='x'; DROP TABLE agents --", Duration.ZERO, Duration.ofHours(1)),
                Actions.json(7, "status='online'", Duration.ZERO, Duration.ofHours(-1)));
        List<String> expected = List.of("invalid action JSON", "does not match entity", "invalid target",
                "expireafter must be after validfrom");
        for (int i = 0; i < bad.size(); i++) {
            String json = bad.get(i);
            var r = f.kit().<StatusReply<Summary>>runCommand(rt -> new ActionEntity.Create(json, rt));
            assertTrue(r.reply().isError());
            String msg = r.reply().getError().getMessage();
            int k = i;
            assertTrue(msg.contains(expected.get(i)), () -> "expected '" + expected.get(k) + "' in: " + msg);
            assertTrue(r.hasNoEvents());
        }
        var get = f.kit().<StatusReply<Summary>>runCommand(ActionEntity.Get::new);
        assertTrue(get.reply().isError());
    }

    @Test
    void failedTargetResolutionMakesTheActionInvalid() throws Exception {
        Fixture f = fixture(9, new FakeSelector(List.of(), true));
        create(f, Actions.json(9));
        State s = await(f, State::finished);
        assertEquals(ActionEntity.INVALID, s.status());
    }

    @Test
    void futureValidFromWaitsThenResolves() throws Exception {
        Fixture f = fixture(10, FakeSelector.of(2));
        create(f, Actions.json(10, "status='online'", Duration.ofMillis(700), Duration.ofHours(1)));
        Thread.sleep(200);
        assertEquals(ActionEntity.SCHEDULED, f.kit().getState().status());
        assertTrue(f.relay().published.isEmpty());
        await(f, st -> ActionEntity.INFLIGHT.equals(st.status()));
    }

    @Test
    void restartResendsOnlyCommandsWhoseSentIsNotInTheJournal() throws Exception {
        Fixture f = fixture(11, FakeSelector.of(4));
        create(f, Actions.json(11));
        State s = await(f, st -> ActionEntity.INFLIGHT.equals(st.status()));
        assertEquals(4, f.relay().published.size());
        var restarted = f.kit().restart();
        assertEquals(s.counters(), restarted.state().counters());
        Thread.sleep(300);
        assertEquals(4, f.relay().published.size(), "no command is sent twice once CommandsSent is persisted");
    }

    @Test
    void restartWhileTheBrokerIsDownPublishesThePendingCommandsAfterRecovery() throws Exception {
        Fixture f = fixture(12, FakeSelector.of(3));
        f.relay().down.set(true);
        create(f, Actions.json(12));
        await(f, st -> ActionEntity.PREPARING.equals(st.status()));
        f.kit().restart();
        f.relay().down.set(false);
        State s = await(f, st -> ActionEntity.INFLIGHT.equals(st.status()));
        assertEquals(3, s.counters().sent());
        assertEquals(3, f.relay().published.stream().map(m -> MigJson.read(m.body(), Command.class).id()).distinct().count());
    }

    /** Also pins the snapshot's own copy of the commands map, which the entity updates in place afterwards. */
    @Test
    void snapshotsEveryFewEventsAndRecoversTheSameState() throws Exception {
        SchedulerSettings every2 = SchedulerSettings.from(ConfigFactory.parseString(
                "gator.scheduler.action.snapshot-every = 2").withFallback(CONFIG));
        FakeRelay relay = new FakeRelay();
        var kit = EventSourcedBehaviorTestKit.<ActionEntity.Command, ActionEntity.Event, State>create(KIT.system(),
                ActionEntity.create(PersistenceId.of("Action", "13"), 13, relay, FakeSelector.of(3), every2,
                        Clock.systemUTC()));
        Fixture f = new Fixture(kit, relay);
        create(f, Actions.json(13));
        List<Long> ids = ids(await(f, st -> ActionEntity.INFLIGHT.equals(st.status())));
        for (long c : ids.subList(0, 2)) {
            results(f, List.of(result(c, "success")));
        }
        State before = kit.getState();
        var snapshots = org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit.create(KIT.system());
        assertTrue(snapshots.persistedInStorage("Action|13").size() > 0, "no snapshot taken");
        var restarted = kit.restart();
        assertEquals(before, restarted.state());
        results(f, List.of(result(ids.get(2), "success")));
        assertEquals(ActionEntity.COMPLETED, kit.getState().status());
        assertEquals(1, relay.published.stream().map(m -> m.routingKey()).filter(k -> k.equals(
                "mig.agt." + before.commands().get(ids.get(2)).agent().queueLoc())).count());
    }

    @Test
    void aFinishedActionPassivatesItselfAfterTheGracePeriodButARunningOneNever() throws Exception {
        SchedulerSettings quick = SchedulerSettings.from(ConfigFactory.parseString(
                "gator.scheduler.action.passivate-after-finish = 100ms").withFallback(CONFIG));
        java.util.concurrent.atomic.AtomicInteger passivations = new java.util.concurrent.atomic.AtomicInteger();
        FakeRelay relay = new FakeRelay();
        var kit = EventSourcedBehaviorTestKit.<ActionEntity.Command, ActionEntity.Event, State>create(KIT.system(),
                ActionEntity.create(PersistenceId.of("Action", "14"), 14, relay, FakeSelector.of(1), quick,
                        Clock.systemUTC(), self -> passivations.incrementAndGet()));
        Fixture f = new Fixture(kit, relay);
        create(f, Actions.json(14));
        List<Long> ids = ids(await(f, st -> ActionEntity.INFLIGHT.equals(st.status())));
        Thread.sleep(300);
        assertEquals(0, passivations.get(), "a running action must stay to send and expire");
        results(f, List.of(result(ids.get(0), "success")));
        long deadline = System.currentTimeMillis() + 3000;
        while (passivations.get() == 0) {
            assertTrue(System.currentTimeMillis() < deadline, "finished action never passivated");
            Thread.sleep(20);
        }
    }

    @Test
    void anExpiryInTheYear9999ArmsNoTimerThatThrowsAndSurvivesRestarts() throws Exception {
        Fixture f = fixture(901, FakeSelector.of(2));
        Duration toYear9999 = Duration.between(java.time.Instant.now(), java.time.Instant.parse("9999-12-31T00:00:00Z"));
        create(f, Actions.json(901, "status='online'", Duration.ofSeconds(-1), toYear9999));
        State s = await(f, st -> ActionEntity.INFLIGHT.equals(st.status()));
        var restarted = f.kit().restart();
        assertEquals(ActionEntity.INFLIGHT, restarted.state().status());
        assertEquals(s.counters(), f.kit().getState().counters());
    }

    @Test
    void anExpiryBeyondTheSchedulersMaximumDelayKeepsTheActionRunning() throws Exception {
        Fixture f = fixture(902, FakeSelector.of(1));
        create(f, Actions.json(902, "status='online'", Duration.ofSeconds(-1), Duration.ofHours(6000)));
        await(f, st -> ActionEntity.INFLIGHT.equals(st.status()));
        assertEquals(ActionEntity.INFLIGHT, f.kit().restart().state().status());
    }

    @Test
    void aValidFromBeyondTheSchedulersMaximumDelayWaitsScheduled() throws Exception {
        Fixture f = fixture(903, FakeSelector.of(1));
        create(f, Actions.json(903, "status='online'", Duration.ofDays(300), Duration.ofDays(400)));
        Thread.sleep(300);
        assertEquals(ActionEntity.SCHEDULED, f.kit().restart().state().status());
        assertTrue(f.relay().published.isEmpty());
    }

    @Test
    void anEntityWhoseRecoveryKeepsFailingGivesUpAfterTheConfiguredAttemptsAndSaysSo() throws Exception {
        Config fast = ConfigFactory.parseString("gator.scheduler.action { recovery-attempts = 3\n"
                + " recovery-backoff-min = 10ms\n recovery-backoff-max = 50ms }").withFallback(CONFIG);
        long id = 904;
        PersistenceId pid = PersistenceId.of("Action", Long.toString(id));
        java.time.Instant now = java.time.Instant.now();
        // an action whose stored JSON cannot be read back: every recovery fails while resuming its commands
        PersistenceTestKit.create(KIT.system()).persistForRecovery(pid.id(), List.of(
                new ActionEntity.ActionCreated(id, "{not json", "status='online'", now.minusSeconds(5),
                        now.plusSeconds(3600), now),
                new ActionEntity.TargetsResolved(List.of(new ActionEntity.Target(7L,
                        new TargetAgent(1, "a", "q", "daemon", "1", 100))), now)));
        var entity = KIT.spawn(ActionEntity.create(pid, id, new FakeRelay(), FakeSelector.of(1),
                SchedulerSettings.from(fast), Clock.systemUTC()));
        var probe = KIT.<StatusReply<Summary>>createTestProbe();
        Thread.sleep(1000);
        entity.tell(new ActionEntity.Get(probe.ref()));
        StatusReply<Summary> reply = probe.receiveMessage(Duration.ofSeconds(5));
        assertTrue(reply.isError());
        assertTrue(reply.getError().getMessage().contains("gave up after 3 failed recoveries"),
                reply.getError().getMessage());
    }

    @Test
    void aJournalFailureWhileSendingRestartsTheEntityWhichPublishesItsUnsentCommandsAgain() throws Exception {
        FakeRelay relay = FakeRelay.holding();
        var kit = EventSourcedBehaviorTestKit.<ActionEntity.Command, ActionEntity.Event, State>create(KIT.system(),
                ActionEntity.create(PersistenceId.of("Action", "905"), 905, relay, FakeSelector.of(2), SETTINGS,
                        Clock.systemUTC()));
        var created = kit.<StatusReply<Summary>>runCommand(rt -> new ActionEntity.Create(Actions.json(905), rt));
        assertTrue(created.reply().isSuccess());
        List<FakeRelay.Pending> first = relay.awaitPending(2);
        // the CommandsSent these confirms lead to is refused by the journal: the entity restarts from the journal
        kit.persistenceTestKit().failNextPersisted();
        first.forEach(p -> relay.settle(p, true));
        List<FakeRelay.Pending> again = relay.awaitPending(2);
        again.forEach(p -> relay.settle(p, true));
        long deadline = System.currentTimeMillis() + 5000;
        while (!ActionEntity.INFLIGHT.equals(kit.getState().status())) {
            assertTrue(System.currentTimeMillis() < deadline, "never inflight: " + kit.getState().status());
            Thread.sleep(20);
        }
        assertEquals(2, kit.getState().counters().sent());
    }
}
