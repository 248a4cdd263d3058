package io.gator.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;

/**
 * The one test clock of the scheduler tests: entities read the time from it while their timers run on the test
 * kit's {@link ManualTime}; {@link #advance} moves both together, {@link #set} moves the clock alone (time that
 * passed while no timer could fire, e.g. while a node was down).
 */
public final class ManualClock extends Clock {
    private final ManualTime timers;
    private final AtomicReference<Instant> now;

    public ManualClock(ManualTime timers, Instant start) {
        this.timers = timers;
        this.now = new AtomicReference<>(start);
    }

    /** Time passes for the timers and the clock alike. */
    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
        timers.timePasses(d);
    }

    /** The clock jumps to {@code t}; no timer fires. */
    public void set(Instant t) {
        now.set(t);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
