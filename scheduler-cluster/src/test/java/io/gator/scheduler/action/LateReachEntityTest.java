package io.gator.scheduler.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.gator.scheduler.action.ActionEntity.State;
import io.gator.scheduler.action.ActionEntity.Summary;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Late reach: agents that start matching while the window is open get the command, once each. */
class LateReachEntityTest {
    static final Config CONFIG = ConfigFactory.parseString("gator.scheduler.late-reach.check-interval = 20ms")
            .withFallback(EventSourcedBehaviorTestKit.config()).withFallback(ConfigFactory.load());
    static final ActorTestKit KIT = ActorTestKit.create("LateReachEntityTest", CONFIG);
    static final SchedulerSettings SETTINGS = SchedulerSettings.from(CONFIG);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    /** The agents table as it changes: agents added later match the target from then on. */
    static final class Fleet implements AgentSelector {
        final List<TargetAgent> agents = new CopyOnWriteArrayList<>();
        final List<List<String>> among = new CopyOnWriteArrayList<>();

        Fleet add(int from, int to) {
            for (int i = from; i <= to; i++) {
                agents.add(agent(i));
            }
            return this;
        }

        @Override
        public void validate(String target) {}

        @Override
        public CompletionStage<List<TargetAgent>> select(String target) {
            return CompletableFuture.completedFuture(List.copyOf(agents));
        }

        @Override
        public CompletionStage<List<TargetAgent>> selectAmong(String target, java.util.Collection<String> queueLocs) {
            among.add(List.copyOf(queueLocs));
            return AgentSelector.super.selectAmong(target, queueLocs);
        }
    }

    static TargetAgent agent(int i) {
        return new TargetAgent(i, "host" + i, "linux.q" + i, "daemon", "1.0", 100 + i);
    }

    record Fixture(EventSourcedBehaviorTestKit<ActionEntity.Command, ActionEntity.Event, State> kit, FakeRelay relay) {}

    static Fixture fixture(long id, AgentSelector selector) {
        FakeRelay relay = new FakeRelay();
        return new Fixture(EventSourcedBehaviorTestKit.create(KIT.system(), ActionEntity.create(
                PersistenceId.of("Action", Long.toString(id)), id, relay, selector, SETTINGS, Clock.systemUTC())),
                relay);
    }

    static Summary create(Fixture f, String json, boolean lateReach) {
        var r = f.kit().<StatusReply<Summary>>runCommand(rt -> new ActionEntity.Create(json,
                ActionEntity.Requester.PLATFORM, rt, lateReach));
        assertTrue(r.reply().isSuccess(), () -> "create refused: " + r.reply());
        assertEquals(lateReach, ((ActionEntity.ActionCreated) r.event()).lateReach());
        return r.reply().getValue();
    }

    static State await(Fixture f, Predicate<State> p) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        State s = f.kit().getState();
        while (!p.test(s)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("state never reached the expected condition: " + s.status() + " "
                        + s.counters() + " " + s.commands().size() + " commands");
            }
            Thread.sleep(10);
            s = f.kit().getState();
        }
        return s;
    }

    static void seen(Fixture f, String... queueLocs) {
        f.kit().runCommand(new ActionEntity.AgentsSeen(List.of(queueLocs)));
    }

    /** The agent queues the relay published commands to, one entry per publish. */
    static List<String> publishedTo(FakeRelay relay) {
        List<String> out = new ArrayList<>();
        relay.published.forEach(p -> out.add(p.routingKey()));
        return out;
    }

    static void allSucceed(Fixture f, State s) {
        List<IncomingResult> rs = new ArrayList<>();
        s.commands().forEach((id, c) -> {
            if ("sent".equals(c.status())) {
                rs.add(new IncomingResult(id, "success", "[]", c.agent().queueLoc()));
            }
        });
        f.kit().<StatusReply<ActionEntity.ResultsAck>>runCommand(rt -> new ActionEntity.ResultsReceived(rs, rt));
    }

    @Test
    void aLateAgentIsTargetedOnceEvenWhenItHeartbeatsAgainAndTheCountersGrow() throws Exception {
        Fleet fleet = new Fleet().add(1, 2);
        Fixture f = fixture(101, fleet);
        create(f, Actions.json(101), true);
        State first = await(f, st -> ActionEntity.INFLIGHT.equals(st.status()));
        assertEquals(2, first.commands().size());
        fleet.add(3, 3);
        seen(f, "linux.q1", "linux.q3", "linux.q9"); // targeted, late and matching, not matching
        State grown = await(f, st -> st.counters().sent() == 3);
        assertEquals(ActionEntity.INFLIGHT, grown.status());
        assertEquals(new Counters(3, 0, 3, 0, 0, 0, 0, 0), grown.counters());
        // only the agents not targeted yet were checked against the target
        assertEquals(List.of("linux.q3", "linux.q9"), fleet.among.get(0));
        seen(f, "linux.q3");
        seen(f, "linux.q3", "linux.q2");
        Thread.sleep(200);
        assertEquals(3, f.kit().getState().commands().size());
        List<String> to = publishedTo(f.relay());
        assertEquals(3, to.size());
        assertEquals(3, new HashSet<>(to).size(), "one command per agent: " + to);
        Command late = MigJson.read(f.relay().published.get(2).body(), Command.class);
        assertEquals("linux.q3", late.agent().queueLoc());
    }

    @Test
    void heartbeatsPublishedOnTheNodesTopicReachARunningLateReachAction() throws Exception {
        Fleet fleet = new Fleet().add(1, 1);
        Fixture f = fixture(102, fleet);
        create(f, Actions.json(102), true);
        await(f, st -> ActionEntity.INFLIGHT.equals(st.status()));
        fleet.add(2, 2);
        long deadline = System.currentTimeMillis() + 5000;
        // the subscription travels through the receptionist: published until it is heard
        while (f.kit().getState().commands().size() < 2 && System.currentTimeMillis() < deadline) {
            LateReach.get(KIT.system()).agentsSeen(List.of("linux.q2"));
            Thread.sleep(50);
        }
        State s = await(f, st -> st.counters().sent() == 2);
        assertEquals(Set.of("linux.q1", "linux.q2"), new HashSet<>(s.commands().values().stream()
                .map(c -> c.agent().queueLoc()).toList()));
    }

    @Test
    void aRestartKeepsTheLateTargetsAndNeverTargetsThemAgain() throws Exception {
        Fleet fleet = new Fleet().add(1, 2);
        Fixture f = fixture(103, fleet);
        create(f, Actions.json(103), true);
        await(f, st -> ActionEntity.INFLIGHT.equals(st.status()));
        fleet.add(3, 4);
        seen(f, "linux.q3", "linux.q4");
        State before = await(f, st -> st.counters().sent() == 4);
        var restarted = f.kit().restart();
        assertEquals(before.commands().keySet(), restarted.state().commands().keySet());
        assertEquals(before.counters(), restarted.state().counters());
        assertTrue(restarted.state().lateReach());
        seen(f, "linux.q3", "linux.q4", "linux.q1");
        Thread.sleep(200);
        assertEquals(4, f.kit().getState().commands().size());
        assertEquals(4, publishedTo(f.relay()).size(), "no command sent twice across the restart");
    }

    @Test
    void aLateReachActionStaysInflightWhenItsTargetsAreDoneAndCompletesAtExpireafter() throws Exception {
        Fleet fleet = new Fleet().add(1, 2);
        Fixture f = fixture(104, fleet);
        create(f, Actions.json(104, "status='online'", Duration.ofSeconds(-1), Duration.ofMillis(1500)), true);
        allSucceed(f, await(f, st -> ActionEntity.INFLIGHT.equals(st.status())));
        State done = f.kit().getState();
        assertEquals(ActionEntity.INFLIGHT, done.status(), "open for late agents until expireafter");
        assertEquals(2, done.counters().success());
        fleet.add(3, 3);
        seen(f, "linux.q3");
        allSucceed(f, await(f, st -> st.counters().sent() == 3));
        State end = await(f, State::finished);
        assertEquals(ActionEntity.COMPLETED, end.status());
        assertEquals(new Counters(3, 3, 0, 3, 0, 0, 0, 0), end.counters());
    }

    @Test
    void aLateCommandUnansweredAtExpireafterExpiresTheAction() throws Exception {
        Fleet fleet = new Fleet();
        Fixture f = fixture(105, fleet);
        create(f, Actions.json(105, "status='online'", Duration.ofSeconds(-1), Duration.ofMillis(1500)), true);
        State empty = await(f, st -> !ActionEntity.SCHEDULED.equals(st.status()));
        assertFalse(empty.finished(), "an empty target waits for late agents");
        fleet.add(1, 1);
        seen(f, "linux.q1");
        await(f, st -> st.counters().sent() == 1);
        assertEquals(ActionEntity.INFLIGHT, f.kit().getState().status());
        State end = await(f, State::finished);
        assertEquals(ActionEntity.EXPIRED, end.status());
        assertEquals(new Counters(1, 1, 0, 0, 0, 1, 0, 0), end.counters());
    }

    @Test
    void withoutLateReachTheTargetStaysFrozenAndHeartbeatsChangeNothing() throws Exception {
        Fleet fleet = new Fleet().add(1, 2);
        Fixture f = fixture(106, fleet);
        create(f, Actions.json(106), false);
        await(f, st -> ActionEntity.INFLIGHT.equals(st.status()));
        fleet.add(3, 3);
        var r = f.kit().runCommand(new ActionEntity.AgentsSeen(List.of("linux.q3")));
        assertTrue(r.hasNoEvents());
        Thread.sleep(200);
        assertEquals(2, f.kit().getState().commands().size());
        assertTrue(fleet.among.isEmpty(), "no query for an action without late reach");
        allSucceed(f, f.kit().getState());
        assertEquals(ActionEntity.COMPLETED, f.kit().getState().status());
    }
}
