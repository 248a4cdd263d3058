package io.gator.scheduler.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The node's dispatch throttle under manual time: rate, burst, in-flight cap, waiting bound, membership share. */
class PacedDispatchTest {
    static final Config CONFIG = ManualTime.config().withFallback(ConfigFactory.load());
    static final ActorTestKit KIT = ActorTestKit.create("PacedDispatchTest", CONFIG);
    static final ManualTime TIME = ManualTime.get(KIT.system());
    static final ManualNanos CLOCK = new ManualNanos(TIME);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    static DispatchPace.Settings settings(String dispatch) {
        return DispatchPace.Settings.from(ConfigFactory.parseString("gator.scheduler.dispatch { " + dispatch + " }")
                .withFallback(CONFIG));
    }

    static ActorRef<DispatchPace.Msg> throttle(String dispatch) {
        return KIT.spawn(DispatchPace.throttle(settings(dispatch), false, CLOCK));
    }

    static void acquire(ActorRef<DispatchPace.Msg> t, TestProbe<DispatchPace.Reply> sender, int n) {
        for (int i = 0; i < n; i++) {
            t.tell(new DispatchPace.Acquire(sender.ref()));
        }
    }

    /** Exactly {@code n} turns granted now, and no more until time passes. */
    static void granted(TestProbe<DispatchPace.Reply> sender, int n) {
        for (int i = 0; i < n; i++) {
            assertEquals(DispatchPace.Granted.INSTANCE, sender.receiveMessage(Duration.ofSeconds(3)), "turn " + i);
        }
        sender.expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void theBurstGoesAtOnceThenTurnsComeAtTheRatePerTick() {
        ActorRef<DispatchPace.Msg> t = throttle("rate = 100, burst = 10, in-flight = 0, tick = 10ms");
        TestProbe<DispatchPace.Reply> sender = KIT.createTestProbe();
        acquire(t, sender, 300);
        granted(sender, 10); // the burst of an idle node
        for (int second = 0; second < 2; second++) {
            for (int step = 0; step < 10; step++) {
                CLOCK.pass(Duration.ofMillis(100));
                granted(sender, 10); // 100 commands/s, 10 per 100 ms window
            }
        }
        CLOCK.pass(Duration.ofMillis(10));
        granted(sender, 1);
    }

    @Test
    void aSlowRateWaitsWholeTicksForOneTurn() {
        ActorRef<DispatchPace.Msg> t = throttle("rate = 2, burst = 1, tick = 10ms");
        TestProbe<DispatchPace.Reply> sender = KIT.createTestProbe();
        acquire(t, sender, 5);
        granted(sender, 1);
        CLOCK.pass(Duration.ofMillis(490));
        sender.expectNoMessage(Duration.ofMillis(50));
        CLOCK.pass(Duration.ofMillis(10));
        granted(sender, 1);
        CLOCK.pass(Duration.ofMillis(1000));
        granted(sender, 2);
    }

    @Test
    void aTimerThatFiresLateLosesNoTimeWhileCommandsWait() {
        ActorRef<DispatchPace.Msg> t = throttle("rate = 100, burst = 1, tick = 10ms");
        TestProbe<DispatchPace.Reply> sender = KIT.createTestProbe();
        acquire(t, sender, 50);
        granted(sender, 1);
        CLOCK.jump(Duration.ofMillis(190)); // a starved scheduler: 200 ms pass, one tick fires
        CLOCK.pass(Duration.ofMillis(10));
        granted(sender, 20); // the 200 ms are spent on the commands waiting, not capped at the burst of 1
        CLOCK.pass(Duration.ofMillis(100));
        granted(sender, 10);
    }

    @Test
    void anIdleTimeGivesNoMoreThanTheBurst() {
        ActorRef<DispatchPace.Msg> t = throttle("rate = 100, burst = 5, tick = 10ms");
        TestProbe<DispatchPace.Reply> sender = KIT.createTestProbe();
        acquire(t, sender, 5);
        granted(sender, 5);
        CLOCK.pass(Duration.ofMillis(60)); // the bucket refills, nobody waits: the timer stops
        CLOCK.jump(Duration.ofSeconds(10));
        acquire(t, sender, 50);
        granted(sender, 5);
        CLOCK.pass(Duration.ofMillis(50));
        granted(sender, 5);
    }

    @Test
    void theInFlightCapHoldsTurnsUntilResultsReleaseThem() {
        ActorRef<DispatchPace.Msg> t = throttle("rate = 0, in-flight = 5");
        TestProbe<DispatchPace.Reply> sender = KIT.createTestProbe();
        acquire(t, sender, 8);
        granted(sender, 5);
        t.tell(new DispatchPace.Release(sender.ref(), 2));
        granted(sender, 2);
        t.tell(new DispatchPace.Release(sender.ref(), 5));
        granted(sender, 1);
        TestProbe<DispatchPace.Snapshot> state = KIT.createTestProbe();
        t.tell(new DispatchPace.GetState(state.ref()));
        DispatchPace.Snapshot s = state.receiveMessage();
        assertEquals(1, s.held()); // 8 granted, 7 released
        assertEquals(0, s.waiting());
    }

    @Test
    void aSenderThatStopsFreesItsSlotsForTheOthers() {
        ActorRef<DispatchPace.Msg> t = throttle("rate = 0, in-flight = 2");
        TestProbe<DispatchPace.Reply> gone = KIT.createTestProbe();
        TestProbe<DispatchPace.Reply> other = KIT.createTestProbe();
        acquire(t, gone, 2);
        granted(gone, 2);
        acquire(t, other, 3);
        other.expectNoMessage(Duration.ofMillis(50));
        gone.stop(); // its action finished: its commands are answered or expired
        granted(other, 2);
    }

    @Test
    void moreWaitingThanWaitingMaxIsRefusedWithTheReason() {
        ActorRef<DispatchPace.Msg> t = throttle("rate = 0, in-flight = 1, waiting-max = 3");
        TestProbe<DispatchPace.Reply> sender = KIT.createTestProbe();
        acquire(t, sender, 4);
        granted(sender, 1);
        acquire(t, sender, 1);
        DispatchPace.Refused r = assertInstanceOf(DispatchPace.Refused.class, sender.receiveMessage());
        assertTrue(r.reason().contains("waiting-max = 3"), r.reason());
        t.tell(new DispatchPace.Release(sender.ref(), 1));
        granted(sender, 1); // the three waiting ones are kept, in order
    }

    @Test
    void theClusterRateIsSharedByTheSchedulerNodesUp() {
        ActorRef<DispatchPace.Msg> t = throttle("rate = 100, burst = 1, in-flight = 10");
        t.tell(new DispatchPace.SchedulersUp(2));
        TestProbe<DispatchPace.Snapshot> state = KIT.createTestProbe();
        t.tell(new DispatchPace.GetState(state.ref()));
        assertEquals(new DispatchPace.Snapshot(2, 50, 5, 0, 0), state.receiveMessage());
        TestProbe<DispatchPace.Reply> sender = KIT.createTestProbe();
        acquire(t, sender, 100);
        granted(sender, 1);
        CLOCK.pass(Duration.ofMillis(80)); // 50/s per node: one every 20 ms
        granted(sender, 4); // then the in-flight share (5) is reached
        CLOCK.pass(Duration.ofMillis(200));
        sender.expectNoMessage(Duration.ofMillis(50));
        t.tell(new DispatchPace.SchedulersUp(1)); // the other node left: this one takes the whole cluster's share
        granted(sender, 1); // the token saved while capped (burst 1)
        CLOCK.pass(Duration.ofMillis(40)); // 100/s: one every 10 ms
        granted(sender, 4); // up to the 10 in flight
        CLOCK.pass(Duration.ofMillis(100));
        sender.expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void theDefaultsLeaveTheClusterUnpacedAndBadSettingsAreRefused() {
        DispatchPace.Settings d = DispatchPace.Settings.from(ConfigFactory.load());
        assertEquals(0, d.rate());
        assertEquals(0, d.inFlight());
        assertTrue(!d.paced());
        assertTrue(DispatchPace.get(KIT.system()).node().isEmpty(), "no throttle runs with the defaults");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings("rate = -1"));
        assertTrue(e.getMessage().contains("gator.scheduler.dispatch"), e.getMessage());
    }
}
