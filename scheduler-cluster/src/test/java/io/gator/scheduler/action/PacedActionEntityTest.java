package io.gator.scheduler.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.relay.FakeRelay;
import io.gator.scheduler.SchedulerSettings;
import io.gator.scheduler.action.ActionEntity.IncomingResult;
import io.gator.scheduler.action.ActionEntity.State;
import io.gator.scheduler.action.ActionEntity.Summary;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** An action's own pace and the cluster's, end to end through the entity and its sender, under manual time. */
class PacedActionEntityTest {
    static final Config CONFIG = ManualTime.config().withFallback(EventSourcedBehaviorTestKit.config())
            .withFallback(ConfigFactory.load());
    static final ActorTestKit KIT = ActorTestKit.create("PacedActionEntityTest", CONFIG);
    static final ManualTime TIME = ManualTime.get(KIT.system());
    static final ManualNanos CLOCK = new ManualNanos(TIME);
    static final SchedulerSettings SETTINGS = SchedulerSettings.from(CONFIG);
    static final DispatchPace.Settings UNPACED = DispatchPace.Settings.from(CONFIG);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    record Fixture(EventSourcedBehaviorTestKit<ActionEntity.Command, ActionEntity.Event, State> kit, FakeRelay relay) {}

    static Fixture fixture(long id, int agents, DispatchPace pace) {
        FakeRelay relay = new FakeRelay();
        return new Fixture(EventSourcedBehaviorTestKit.create(KIT.system(), ActionEntity.create(
                PersistenceId.of("Action", Long.toString(id)), id, relay, FakeSelector.of(agents), SETTINGS,
                Clock.systemUTC(), pace)), relay);
    }

    static Fixture fixture(long id, int agents) {
        return fixture(id, agents, new DispatchPace(UNPACED, Optional.empty(), CLOCK));
    }

    static void create(Fixture f, long id, Pacing pacing) {
        var r = f.kit().<StatusReply<Summary>>runCommand(rt -> new ActionEntity.Create(Actions.json(id),
                ActionEntity.Requester.PLATFORM, rt, false, pacing));
        assertTrue(r.reply().isSuccess(), () -> "create refused: " + r.reply());
        assertEquals(pacing, ((ActionEntity.ActionCreated) r.event()).pacing());
    }

    /** Waits (real time, for the messages already due) until {@code count} reaches {@code n}; fails past it. */
    static void reaches(IntSupplier count, int n, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (count.getAsInt() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(30); // anything beyond n already due would show now
        assertEquals(n, count.getAsInt(), what);
    }

    static void atLeast(IntSupplier count, int n, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (count.getAsInt() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(count.getAsInt() >= n, what + ": " + count.getAsInt() + " < " + n);
    }

    static void answer(Fixture f, int n) {
        List<IncomingResult> rs = new ArrayList<>();
        for (var e : f.kit().getState().commands().entrySet()) {
            if (rs.size() < n && "sent".equals(e.getValue().status())) {
                rs.add(new IncomingResult(e.getKey(), "success", "[]", e.getValue().agent().queueLoc()));
            }
        }
        assertEquals(n, rs.size(), "commands sent and unanswered");
        f.kit().<StatusReply<ActionEntity.ResultsAck>>runCommand(rt -> new ActionEntity.ResultsReceived(rs, rt));
    }

    @Test
    void aPacedActionPublishesItsRatePerWindowAndTheSentCounterFollows() throws Exception {
        Fixture f = fixture(601, 300);
        create(f, 601, new Pacing(100, 0));
        FakeRelay relay = f.relay();
        reaches(() -> relay.published.size(), 5, "the action's burst (100/s over 50 ms)");
        for (int window = 1; window <= 10; window++) {
            CLOCK.pass(Duration.ofMillis(100));
            reaches(() -> relay.published.size(), 5 + 10 * window, "after " + window + " windows of 100 ms");
        }
        CLOCK.pass(Duration.ofMillis(100)); // the confirm gathering window (and 10 more published)
        reaches(() -> relay.published.size(), 115, "after 11 windows");
        atLeast(() -> f.kit().getState().counters().sent(), 105, "sent counter");
        assertTrue(f.kit().getState().counters().sent() <= 115, "no more sent than published");
        assertEquals(ActionEntity.PREPARING, f.kit().getState().status(), "still sending");
    }

    @Test
    void anInFlightCapWaitsForResultsBeforeSendingMore() throws Exception {
        Fixture f = fixture(602, 30);
        create(f, 602, new Pacing(0, 10));
        FakeRelay relay = f.relay();
        reaches(() -> relay.published.size(), 10, "the in-flight cap");
        CLOCK.pass(Duration.ofMillis(100));
        reaches(() -> f.kit().getState().counters().sent(), 10, "sent counter");
        answer(f, 4);
        reaches(() -> relay.published.size(), 14, "one more per result");
        TIME.timePasses(Duration.ofSeconds(5)); // time alone frees no slot (no rate: no bucket to tick)
        reaches(() -> relay.published.size(), 14, "no result, no slot");
    }

    @Test
    void commandsSentBeforeARestartKeepTheirSlotsOfTheInFlightCap() throws Exception {
        Fixture f = fixture(606, 30);
        create(f, 606, new Pacing(0, 10));
        FakeRelay relay = f.relay();
        reaches(() -> relay.published.size(), 10, "the in-flight cap");
        CLOCK.pass(Duration.ofMillis(100));
        reaches(() -> f.kit().getState().counters().sent(), 10, "sent counter");
        f.kit().restart(); // as on another node after a failover: a new sender for the 20 unsent commands
        reaches(() -> relay.published.size(), 10, "the 10 sent before still fill the cap");
        answer(f, 3);
        reaches(() -> relay.published.size(), 13, "one more per result");
    }

    @Test
    void theClusterPaceAppliesToAnUnpacedActionAndTheStricterRateWins() throws Exception {
        DispatchPace.Settings cluster = DispatchPace.Settings.from(ConfigFactory.parseString(
                "gator.scheduler.dispatch { rate = 50, burst = 1 }").withFallback(CONFIG));
        ActorRef<DispatchPace.Msg> node = KIT.spawn(DispatchPace.throttle(cluster, false, CLOCK));
        Fixture unpaced = fixture(603, 100, new DispatchPace(cluster, Optional.of(node), CLOCK));
        create(unpaced, 603, Pacing.NONE);
        reaches(() -> unpaced.relay().published.size(), 1, "the node's burst");
        CLOCK.pass(Duration.ofMillis(200));
        reaches(() -> unpaced.relay().published.size(), 11, "50/s from the cluster");

        // a faster action's own pace does not beat the cluster's
        Fixture faster = fixture(604, 100, new DispatchPace(cluster, Optional.of(node), CLOCK));
        create(faster, 604, new Pacing(1000, 0));
        unpaced.kit().<StatusReply<Summary>>runCommand(ActionEntity.Cancel::new); // leaves the node's turns to the other action
        // the faster action asks a burst's worth of turns (1000/s over 50 ms) once the cancelled one's are dropped
        org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<DispatchPace.Snapshot> state = KIT.createTestProbe();
        state.awaitAssert(Duration.ofSeconds(5), () -> {
            node.tell(new DispatchPace.GetState(state.ref()));
            assertEquals(50, state.receiveMessage().waiting());
            return null;
        });
        assertEquals(0, faster.relay().published.size());
        CLOCK.pass(Duration.ofMillis(200));
        reaches(() -> faster.relay().published.size(), 10, "the cluster's 50/s wins over the action's 1000/s");
    }

    @Test
    void anUnpacedActionSendsEverythingAtOnceAsBefore() throws Exception {
        Fixture f = fixture(605, 200);
        create(f, 605, Pacing.NONE);
        reaches(() -> f.relay().published.size(), 200, "every command without waiting for time");
    }

    @Test
    void eventsAndSnapshotsWrittenBeforePacingReadAsUnpaced() throws Exception {
        ObjectMapper m = JacksonObjectMapperProvider.get(KIT.system()).getOrCreate("jackson-json", Optional.empty());
        ActionEntity.ActionCreated old = m.readValue("{\"actionId\":7,\"actionJson\":\"{}\",\"target\":\"t\","
                + "\"validFrom\":\"2030-01-01T00:00:00Z\",\"expireAfter\":\"2030-01-01T01:00:00Z\","
                + "\"at\":\"2030-01-01T00:00:00Z\",\"postedById\":2,\"postedBy\":\"alice\",\"lateReach\":true}",
                ActionEntity.ActionCreated.class);
        assertEquals(Pacing.NONE, old.pacing());
        assertTrue(old.lateReach());
        State oldState = m.readValue("{\"actionId\":7,\"status\":\"inflight\",\"actionJson\":\"{}\",\"target\":\"t\","
                + "\"validFrom\":\"2030-01-01T00:00:00Z\",\"expireAfter\":\"2030-01-01T01:00:00Z\",\"commands\":{},"
                + "\"counters\":{},\"startTime\":\"2030-01-01T00:00:00Z\",\"finishTime\":\"2030-01-01T00:00:00Z\","
                + "\"lateReach\":false}", State.class);
        assertEquals(Pacing.NONE, oldState.pacing());
        ActionEntity.ActionCreated paced = m.readValue(m.writeValueAsString(new ActionEntity.ActionCreated(7, "{}",
                "t", old.validFrom(), old.expireAfter(), old.at(), 2, "alice", false, new Pacing(100, 50))),
                ActionEntity.ActionCreated.class);
        assertEquals(new Pacing(100, 50), paced.pacing());
    }
}
