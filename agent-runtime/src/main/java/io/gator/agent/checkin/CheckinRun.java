package io.gator.agent.checkin;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Decides when a checkin run ends (MIG's {@code agent-checkin}): once the queue gave nothing for the idle time and
 * every command taken is answered, or at the cap (MIG: 1.1 x the module timeout), whichever comes first.
 */
public final class CheckinRun {

    /** How a run ended. */
    public enum Outcome { DONE, CAPPED }

    private static final long POLL_MILLIS = 50;

    private final SettlementTracker tracker;
    private final Duration idle;
    private final Duration cap;

    public CheckinRun(SettlementTracker tracker, Duration idle, Duration cap) {
        this.tracker = tracker;
        this.idle = idle;
        this.cap = cap;
    }

    /** The cap of a run: MIG's MODULETIMEOUT * 1.1. */
    public static Duration cap(Duration moduleTimeout) {
        return Duration.ofNanos(moduleTimeout.toNanos() / 10 * 11);
    }

    /** Blocks until the run is done or capped; the cap counts from this call. */
    public Outcome await() throws InterruptedException {
        long deadline = System.nanoTime() + cap.toNanos();
        while (true) {
            long now = System.nanoTime();
            if (tracker.consuming() && tracker.unsettled() == 0
                    && now - tracker.lastDeliveryNanos() >= idle.toNanos()) {
                return Outcome.DONE;
            }
            if (now - deadline >= 0) {
                return Outcome.CAPPED;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }
}
