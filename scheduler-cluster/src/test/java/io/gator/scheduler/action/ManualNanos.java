package io.gator.scheduler.action;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;

/** The clock a token bucket reads, moved with TestKit's manual time one 10 ms tick at a time. */
final class ManualNanos implements LongSupplier {
    static final Duration STEP = Duration.ofMillis(10);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ManualTime time;

    ManualNanos(ManualTime time) {
        this.time = time;
    }

    @Override
    public long getAsLong() {
        return nanos.get();
    }

    /** The clock moves and the scheduler does not: a timer that will fire late, as on a starved machine. */
    void jump(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    /** Time passes for the clock and the scheduler alike, in steps of one tick. */
    void pass(Duration d) {
        for (long left = d.toNanos(); left > 0; left -= STEP.toNanos()) {
            long step = Math.min(left, STEP.toNanos());
            nanos.addAndGet(step);
            time.timePasses(Duration.ofNanos(step));
        }
    }
}
