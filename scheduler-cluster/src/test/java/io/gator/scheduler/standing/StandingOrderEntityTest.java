package io.gator.scheduler.standing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.core.action.Counters;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.ActionEntity.Requester;
import io.gator.scheduler.sink.SinkSpec;
import io.gator.scheduler.standing.StandingOrderEntity.Run;
import io.gator.scheduler.standing.StandingOrderEntity.State;
import io.gator.scheduler.standing.StandingOrderEntity.Summary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import io.gator.scheduler.ManualClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs launch when their window opens, once each, across restarts; cancel stops the rest. Manual time throughout. */
class StandingOrderEntityTest {
    static final Config CONFIG = ManualTime.config().withFallback(EventSourcedBehaviorTestKit.config())
            .withFallback(ConfigFactory.load());
    static final ActorTestKit KIT = ActorTestKit.create("StandingOrderEntityTest", CONFIG);
    static final ManualTime TIME = ManualTime.get(KIT.system());
    static final StandingSettings SETTINGS = StandingSettings.from(CONFIG);
    static final Requester ALICE = new Requester(2, "alice", false);
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final Duration EVERY = Duration.ofHours(1);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    /** The one clock of these tests; each test starts it at T0. */
    static final ManualClock CLOCK = new ManualClock(TIME, T0);

    @BeforeEach
    void startAtT0() {
        CLOCK.set(T0);
    }

    /** One launch as the action entity would receive it. */
    record LaunchSeen(long actionId, String json, Requester by) {}

    record Fixture(EventSourcedBehaviorTestKit<StandingOrderEntity.Command, StandingOrderEntity.Event, State> kit,
                   TestProbe<LaunchSeen> launches) {
        /** Time passes for the timers and the entity's clock alike. */
        void advance(Duration d) {
            CLOCK.advance(d);
        }
    }

    static Fixture fixture(long orderId, boolean launchesSucceed) {
        TestProbe<LaunchSeen> probe = KIT.createTestProbe();
        RunLauncher launcher = (id, json, by) -> {
            probe.ref().tell(new LaunchSeen(id, json, by));
            return launchesSucceed
                    ? CompletableFuture.completedFuture(new ActionEntity.Summary(id, "scheduled", Counters.ZERO, 0))
                    : CompletableFuture.failedFuture(new IllegalStateException("cluster busy"));
        };
        var kit = EventSourcedBehaviorTestKit.<StandingOrderEntity.Command, StandingOrderEntity.Event, State>create(
                KIT.system(), StandingOrderEntity.create(PersistenceId.of("StandingOrder", Long.toString(orderId)),
                        orderId, launcher, SETTINGS, CLOCK, self -> { }));
        return new Fixture(kit, probe);
    }

    /** Runs at T0 + 10m + k hours, each open for 30 minutes. */
    static List<Run> runs(int n) {
        List<Run> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Instant from = T0.plus(Duration.ofMinutes(10)).plus(EVERY.multipliedBy(k));
            out.add(new Run(1000 + k, "{\"id\":" + (1000 + k) + "}", from, from.plus(Duration.ofMinutes(30))));
        }
        return out;
    }

    static Summary create(Fixture f, List<Run> runs) {
        var r = f.kit().<StatusReply<Summary>>runCommand(rt -> new StandingOrderEntity.Create("hourly", ALICE, runs, rt));
        assertTrue(r.reply().isSuccess(), () -> "create refused: " + r.reply());
        return r.reply().getValue();
    }

    static State state(Fixture f) {
        return f.kit().getState();
    }

    @Test
    void aRunThatAsksForLateReachIsLaunchedWithItAndOneThatDoesNotWithout() {
        TestProbe<LaunchSeen> probe = KIT.createTestProbe();
        TestProbe<Boolean> late = KIT.createTestProbe();
        RunLauncher launcher = new RunLauncher() {
            @Override
            public java.util.concurrent.CompletionStage<ActionEntity.Summary> launch(long id, String json, Requester by) {
                return launch(id, json, by, false);
            }

            @Override
            public java.util.concurrent.CompletionStage<ActionEntity.Summary> launch(long id, String json, Requester by,
                                                                                    boolean lateReach) {
                late.ref().tell(lateReach);
                probe.ref().tell(new LaunchSeen(id, json, by));
                return CompletableFuture.completedFuture(new ActionEntity.Summary(id, "scheduled", Counters.ZERO, 0));
            }
        };
        Fixture f = new Fixture(EventSourcedBehaviorTestKit.<StandingOrderEntity.Command, StandingOrderEntity.Event,
                State>create(KIT.system(), StandingOrderEntity.create(PersistenceId.of("StandingOrder", "77"), 77,
                launcher, SETTINGS, CLOCK, self -> { })), probe);
        List<Run> runs = new ArrayList<>();
        for (Run r : runs(2)) {
            runs.add(new Run(r.actionId(), r.actionJson(), r.validFrom(), r.expireAfter(), r.actionId() == 1000));
        }
        create(f, runs);
        f.advance(Duration.ofMinutes(10));
        assertEquals(1000, f.launches().receiveMessage().actionId());
        assertEquals(true, late.receiveMessage());
        f.advance(Duration.ofMinutes(60));
        assertEquals(1001, f.launches().receiveMessage().actionId());
        assertEquals(false, late.receiveMessage());
    }

    @Test
    void eachRunLaunchesWhenItsWindowOpensAndNotBefore() {
        Fixture f = fixture(1, true);
        create(f, runs(3));
        TIME.expectNoMessageFor(Duration.ofMinutes(9), f.launches());
        CLOCK.set(T0.plus(Duration.ofMinutes(9)));
        f.advance(Duration.ofMinutes(1));
        LaunchSeen first = f.launches().receiveMessage();
        assertEquals(1000, first.actionId());
        assertEquals("{\"id\":1000}", first.json());
        assertEquals(ALICE, first.by());
        f.launches().expectNoMessage(Duration.ofMillis(50));
        f.advance(Duration.ofMinutes(59));
        f.launches().expectNoMessage(Duration.ofMillis(50));
        f.advance(Duration.ofMinutes(1));
        assertEquals(1001, f.launches().receiveMessage().actionId());
        f.advance(EVERY);
        assertEquals(1002, f.launches().receiveMessage().actionId());
        awaitStatus(f, StandingOrderEntity.COMPLETED);
        assertEquals(List.of("launched", "launched", "launched"),
                state(f).summary().runs().stream().map(StandingOrderEntity.RunView::status).toList());
    }

    @Test
    void aRestartBetweenRunsLosesNoneAndLaunchesNoneTwice() {
        Fixture f = fixture(2, true);
        create(f, runs(3));
        f.advance(Duration.ofMinutes(10));
        assertEquals(1000, f.launches().receiveMessage().actionId());
        awaitLaunched(f, 1);
        var restarted = f.kit().restart();
        assertEquals(1, restarted.state().next());
        f.launches().expectNoMessage(Duration.ofMillis(100));
        f.advance(EVERY);
        assertEquals(1001, f.launches().receiveMessage().actionId());
        awaitLaunched(f, 2);
        f.kit().restart();
        f.advance(EVERY);
        assertEquals(1002, f.launches().receiveMessage().actionId());
        f.launches().expectNoMessage(Duration.ofMillis(100));
        awaitStatus(f, StandingOrderEntity.COMPLETED);
    }

    @Test
    void aLaunchWhoseAnswerWasLostIsSentAgainWithTheSameActionAfterRestart() {
        Fixture f = fixture(3, false);
        create(f, runs(2));
        f.advance(Duration.ofMinutes(10));
        LaunchSeen first = f.launches().receiveMessage();
        f.kit().restart();
        // the re-sent Create is the identical one: the action entity answers it as the first (no second action)
        LaunchSeen again = f.launches().receiveMessage();
        assertEquals(first, again);
        f.advance(SETTINGS.launchRetry());
        assertEquals(first, f.launches().receiveMessage());
        assertEquals(0, state(f).next());
    }

    @Test
    void aRunWhoseWholeWindowPassedWhileTheOrderSleptIsMissedNotLaunched() {
        Fixture f = fixture(4, true);
        CLOCK.set(T0.plus(Duration.ofMinutes(45))); // past run 0's window before the order even starts
        create(f, runs(2));
        awaitRun(f, 0, StandingOrderEntity.RUN_MISSED);
        f.launches().expectNoMessage(Duration.ofMillis(50));
        f.advance(Duration.ofMinutes(25));
        assertEquals(1001, f.launches().receiveMessage().actionId());
    }

    @Test
    void aRunWhoseActionExistsWhenItsWindowClosedIsRecordedLaunchedNotMissed() {
        TestProbe<LaunchSeen> probe = KIT.createTestProbe();
        RunLauncher created = new RunLauncher() {
            @Override
            public java.util.concurrent.CompletionStage<ActionEntity.Summary> launch(long id, String json, Requester by) {
                probe.ref().tell(new LaunchSeen(id, json, by));
                return CompletableFuture.completedFuture(new ActionEntity.Summary(id, "scheduled", Counters.ZERO, 0));
            }

            @Override
            public java.util.concurrent.CompletionStage<Boolean> exists(long actionId) {
                return CompletableFuture.completedFuture(actionId == 1000); // run 0's Create got through, its answer did not
            }
        };
        var kit = EventSourcedBehaviorTestKit.<StandingOrderEntity.Command, StandingOrderEntity.Event, State>create(
                KIT.system(), StandingOrderEntity.create(PersistenceId.of("StandingOrder", "8"), 8, created, SETTINGS,
                        CLOCK, self -> { }));
        Fixture f = new Fixture(kit, probe);
        CLOCK.set(T0.plus(Duration.ofMinutes(45)));
        create(f, runs(2));
        awaitRun(f, 0, StandingOrderEntity.RUN_LAUNCHED);
        f.launches().expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void cancelStopsTheRunsToComeAndOnlyThePosterOrAnAdminMay() {
        Fixture f = fixture(5, true);
        create(f, runs(3));
        f.advance(Duration.ofMinutes(10));
        f.launches().receiveMessage();
        awaitLaunched(f, 1);
        var refused = f.kit().<StatusReply<Summary>>runCommand(rt ->
                new StandingOrderEntity.Cancel(new Requester(7, "bob", false), rt));
        assertTrue(refused.reply().isError());
        assertTrue(refused.reply().getError().getMessage().startsWith(StandingOrderEntity.NOT_ALLOWED));
        var ok = f.kit().<StatusReply<Summary>>runCommand(rt -> new StandingOrderEntity.Cancel(ALICE, rt));
        assertEquals(StandingOrderEntity.CANCELLED, ok.reply().getValue().status());
        TIME.expectNoMessageFor(EVERY.multipliedBy(3), f.launches());
        assertEquals(1, state(f).summary().launched());
    }

    @Test
    void overlappingWindowsAreRefused() {
        Fixture f = fixture(6, true);
        List<Run> rs = new ArrayList<>(runs(2));
        Run second = rs.get(1);
        rs.set(1, new Run(second.actionId(), second.actionJson(), rs.get(0).validFrom().plusSeconds(60),
                second.expireAfter()));
        var r = f.kit().<StatusReply<Summary>>runCommand(rt -> new StandingOrderEntity.Create("x", ALICE, rs, rt));
        assertTrue(r.reply().isError());
        assertTrue(r.reply().getError().getMessage().contains("must not overlap"));
    }

    @Test
    void creatingTheSameOrderAgainAnswersAsTheFirstTime() {
        Fixture f = fixture(7, true);
        Summary first = create(f, runs(2));
        Summary again = create(f, runs(2));
        assertEquals(first, again);
        var other = f.kit().<StatusReply<Summary>>runCommand(rt ->
                new StandingOrderEntity.Create("other", ALICE, runs(2), rt));
        assertTrue(other.reply().isError());
    }

    /** A sink starter that records each start and acknowledges it only while {@code accept} holds. */
    record Starts(TestProbe<Long> seen, java.util.concurrent.atomic.AtomicBoolean accept) implements SinkStarter {
        Starts() {
            this(KIT.createTestProbe(), new java.util.concurrent.atomic.AtomicBoolean(true));
        }

        @Override
        public void check(List<SinkSpec> sinks) {
            sinks.forEach(sk -> {
                if (sk.kind() == SinkSpec.Kind.PLUGIN) {
                    throw new IllegalArgumentException("sink kind 'plugin' is not allowed on this server");
                }
            });
        }

        @Override
        public java.util.concurrent.CompletionStage<org.apache.pekko.Done> start(long actionId, String name,
                List<SinkSpec> sinks, Instant expireAfter) {
            seen.ref().tell(actionId);
            return accept.get() ? CompletableFuture.completedFuture(org.apache.pekko.Done.getInstance())
                    : CompletableFuture.failedFuture(new IllegalStateException("delivery shard moving"));
        }
    }

    static final List<SinkSpec> SINKS = List.of(SinkSpec.parse("jsonl:runs.jsonl"));

    static Fixture fixture(long orderId, Starts starts) {
        TestProbe<LaunchSeen> probe = KIT.createTestProbe();
        RunLauncher launcher = (id, json, by) -> {
            probe.ref().tell(new LaunchSeen(id, json, by));
            return CompletableFuture.completedFuture(new ActionEntity.Summary(id, "scheduled", Counters.ZERO, 0));
        };
        var kit = EventSourcedBehaviorTestKit.<StandingOrderEntity.Command, StandingOrderEntity.Event, State>create(
                KIT.system(), StandingOrderEntity.create(PersistenceId.of("StandingOrder", Long.toString(orderId)),
                        orderId, launcher, starts, SETTINGS, CLOCK, self -> { }));
        return new Fixture(kit, probe);
    }

    static void createWithSinks(Fixture f, List<Run> runs) {
        var r = f.kit().<StatusReply<Summary>>runCommand(rt ->
                new StandingOrderEntity.Create("hourly", ALICE, runs, SINKS, rt));
        assertTrue(r.reply().isSuccess(), () -> "create refused: " + r.reply());
    }

    @Test
    void aRunsDeliveryStartsOnlyWhenItLaunchesAndItsAcknowledgementIsPersisted() {
        Starts starts = new Starts();
        Fixture f = fixture(20, starts);
        createWithSinks(f, runs(3));
        assertEquals(SINKS, state(f).sinks());
        TIME.expectNoMessageFor(Duration.ofMinutes(9), starts.seen());
        CLOCK.set(T0.plus(Duration.ofMinutes(9)));
        f.advance(Duration.ofMinutes(1));
        assertEquals(1000, f.launches().receiveMessage().actionId());
        assertEquals(1000L, starts.seen().receiveMessage());
        awaitState(f, s -> s.sinksStarted().get(0), "run 0's sinks started");
        starts.seen().expectNoMessage(Duration.ofMillis(50)); // run 1's delivery does not exist before run 1
        assertEquals(List.of(true, false, false), state(f).sinksStarted());
        f.advance(EVERY);
        assertEquals(1001L, starts.seen().receiveMessage());
        awaitState(f, s -> s.sinksStarted().get(1), "run 1's sinks started");
        starts.seen().expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void aLaunchedRunWhoseDeliveryWasNotAcknowledgedIsStartedAgainAfterRecoveryAndOnlyIt() {
        Starts starts = new Starts();
        Fixture f = fixture(21, starts);
        createWithSinks(f, runs(3));
        f.advance(Duration.ofMinutes(10));
        assertEquals(1000L, starts.seen().receiveMessage());
        awaitState(f, s -> s.sinksStarted().get(0), "run 0's sinks started");
        starts.accept().set(false); // the delivery shard is moving: run 1's start is not acknowledged
        f.advance(EVERY);
        assertEquals(1001L, starts.seen().receiveMessage());
        awaitLaunched(f, 2);
        starts.accept().set(true);
        var restarted = f.kit().restart(); // failover before the retry timer fired
        assertEquals(List.of(1), restarted.state().sinksPending());
        assertEquals(1001L, starts.seen().receiveMessage()); // the starter re-sends run 1's start alone
        awaitState(f, s -> s.sinksStarted().get(1), "run 1's sinks started after recovery");
        starts.seen().expectNoMessage(Duration.ofMillis(100));
        f.kit().restart();
        starts.seen().expectNoMessage(Duration.ofMillis(100)); // every launched run has its RunSinksStarted
    }

    @Test
    void aRefusedDeliveryStartIsRetriedAfterLaunchRetry() {
        Starts starts = new Starts();
        Fixture f = fixture(22, starts);
        createWithSinks(f, runs(1));
        starts.accept().set(false);
        f.advance(Duration.ofMinutes(10));
        assertEquals(1000L, starts.seen().receiveMessage());
        awaitStatus(f, StandingOrderEntity.COMPLETED); // the last run launched: the order is done, its sinks not yet
        starts.accept().set(true);
        f.advance(SETTINGS.launchRetry());
        assertEquals(1000L, starts.seen().receiveMessage());
        awaitState(f, s -> s.sinksStarted().get(0), "run 0's sinks started on retry");
    }

    @Test
    void aMissedRunStartsNoDelivery() {
        Starts starts = new Starts();
        Fixture f = fixture(23, starts);
        CLOCK.set(T0.plus(Duration.ofMinutes(45)));
        createWithSinks(f, runs(2));
        awaitRun(f, 0, StandingOrderEntity.RUN_MISSED);
        starts.seen().expectNoMessage(Duration.ofMillis(100));
        f.advance(Duration.ofMinutes(25));
        assertEquals(1001L, starts.seen().receiveMessage());
    }

    @Test
    void aSinkTheServerRefusesRefusesTheWholeOrder() {
        Fixture f = fixture(24, new Starts());
        var r = f.kit().<StatusReply<Summary>>runCommand(rt -> new StandingOrderEntity.Create("hourly", ALICE, runs(2),
                List.of(SinkSpec.parse("plugin:runner-scribe")), rt));
        assertTrue(r.reply().isError());
        assertTrue(r.reply().getError().getMessage().contains("not allowed"), r.reply().getError().getMessage());
        assertTrue(r.events().isEmpty());
        assertTrue(!state(f).created());
    }

    @Test
    void aRunWhoseWindowOpenedWhileNoNodeHeldTheOrderLaunchesOnRecoveryWhileItIsOpen() {
        Fixture f = fixture(25, true);
        create(f, runs(2));
        f.advance(Duration.ofMinutes(10));
        assertEquals(1000, f.launches().receiveMessage().actionId());
        awaitLaunched(f, 1);
        // the owner goes down before run 1 opens (T0+70m) and the order recovers 20 minutes into run 1's window
        CLOCK.set(T0.plus(Duration.ofMinutes(90)));
        var restarted = f.kit().restart();
        assertEquals(1, restarted.state().next());
        assertEquals(1001, f.launches().receiveMessage().actionId());
        awaitStatus(f, StandingOrderEntity.COMPLETED);
        assertEquals(List.of("launched", "launched"),
                state(f).summary().runs().stream().map(StandingOrderEntity.RunView::status).toList());
        f.launches().expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void anOrderCreatedWrittenBeforeOrdersHeldSinksReadsAsNoSinks() {
        var jackson = (org.apache.pekko.serialization.jackson.JacksonJsonSerializer)
                org.apache.pekko.serialization.SerializationExtension.get(KIT.system().classicSystem())
                        .findSerializerFor(new StandingOrderEntity.OrderCreated(9, "x", runs(1), ALICE, T0));
        var created = new StandingOrderEntity.OrderCreated(9, "hourly", runs(2), ALICE, T0, SINKS);
        String json = new String(jackson.toBinary(created), java.nio.charset.StandardCharsets.UTF_8);
        var back = (StandingOrderEntity.OrderCreated) jackson.fromBinary(
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8), jackson.manifest(created));
        assertEquals(created, back);
        String sinks = ",\"sinks\":[{\"kind\":\"JSONL\",\"target\":\"runs.jsonl\"}]";
        assertTrue(json.contains(sinks), json);
        var old = (StandingOrderEntity.OrderCreated) jackson.fromBinary(
                json.replace(sinks, "").getBytes(java.nio.charset.StandardCharsets.UTF_8), jackson.manifest(created));
        assertEquals(List.of(), old.sinks());
        assertEquals(created.runs(), old.runs());
        assertEquals("hourly", old.name());
    }

    /** The entity's own messages (pipeToSelf answers) arrive asynchronously; bounded wait, no time passes. */
    private static void awaitLaunched(Fixture f, int n) {
        awaitState(f, s -> s.next() >= n, "next >= " + n);
    }

    private static void awaitRun(Fixture f, int index, String status) {
        awaitState(f, s -> s.runStatus().size() > index && s.runStatus().get(index).equals(status),
                "run " + index + " " + status);
    }

    private static void awaitStatus(Fixture f, String status) {
        awaitState(f, s -> s.status().equals(status), status);
    }

    private static void awaitState(Fixture f, java.util.function.Predicate<State> p, String what) {
        TestProbe<Object> waiter = KIT.createTestProbe();
        waiter.awaitAssert(Duration.ofSeconds(5), () -> {
            assertTrue(p.test(state(f)), () -> "never reached: " + what + " (state " + state(f) + ")");
            return null;
        });
    }
}
