package io.gator.scheduler.action;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * How fast an action's commands go out (a Gator option outside the signed action): at most {@code rate} commands
 * per second and at most {@code inFlight} commands sent and not answered yet (by a result or the action's expiry).
 * 0 means no limit; {@link #NONE} (both 0) is today's unpaced dispatch, and what older journals read as.
 */
public record Pacing(int rate, int inFlight) {
    public static final Pacing NONE = new Pacing(0, 0);
    /** The largest rate or in-flight cap an investigator may ask for. */
    public static final int MAX = 1_000_000;

    public Pacing {
        if (rate < 0 || inFlight < 0) {
            throw new IllegalArgumentException("pacing must not be negative: rate " + rate + ", in flight " + inFlight);
        }
    }

    /** Whether anything limits the dispatch. */
    @JsonIgnore
    public boolean paced() {
        return rate > 0 || inFlight > 0;
    }
}
