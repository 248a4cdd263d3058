package io.gator.cli.schedule;

import io.gator.core.action.Action;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The runs of a standing order: run k is open from {@code start + k*every - skew} to {@code start + k*every +
 * perRun}. The skew (MIG's 60 s for agents whose clock is behind, at most a quarter of the period) lets an agent
 * accept the command as soon as the window opens; windows never overlap, so one run ends before the next opens.
 */
public final class Series {
    /** MIG's launch sets validfrom this far back for agents whose clock is behind. */
    static final Duration MIG_SKEW = Duration.ofSeconds(60);
    /** The shortest period: agents' heartbeats and the scheduler's timers work in seconds. */
    static final Duration MIN_EVERY = Duration.ofSeconds(1);

    /** How a series is laid out: runs from {@code start} every {@code every} for {@code span}, each open {@code perRun}. */
    public record Plan(Instant start, Duration every, Duration span, Duration perRun) {
        public Plan {
            if (every.compareTo(MIN_EVERY) < 0) {
                throw new IllegalArgumentException("-every must be at least " + MIN_EVERY.toSeconds() + "s");
            }
            if (span.isNegative() || span.isZero()) {
                throw new IllegalArgumentException("-for must be a positive duration");
            }
            if (perRun.isNegative() || perRun.isZero()) {
                throw new IllegalArgumentException("-e must be a positive duration");
            }
            if (perRun.compareTo(longestRun(every)) > 0) {
                throw new IllegalArgumentException("-e " + perRun.toSeconds() + "s is too long for -every "
                        + every.toSeconds() + "s: a run must end before the next one opens (at most "
                        + longestRun(every).toSeconds() + "s)");
            }
        }

        /** Runs that start within the span (the first at {@code start}). */
        public int runs() {
            long n = (span.toMillis() + every.toMillis() - 1) / every.toMillis();
            return (int) Math.min(Integer.MAX_VALUE, n);
        }
    }

    private Series() {}

    static Duration skew(Duration every) {
        Duration quarter = every.dividedBy(4);
        return quarter.compareTo(MIG_SKEW) < 0 ? quarter : MIG_SKEW;
    }

    /** The longest window a run may have (also the default of {@code -e}): the period less the skew. */
    public static Duration longestRun(Duration every) {
        return every.minus(skew(every));
    }

    /**
     * One signed action per run: {@code base} (no window yet) given run k's window and an ID of its own (the
     * server assigns the final ones: IDs are not signed), then {@code sign}.
     */
    public static List<Action> build(Action base, Plan plan, int maxRuns, UnaryOperator<Action> sign) {
        int n = plan.runs();
        if (n > maxRuns) {
            throw new IllegalArgumentException(n + " runs (-for / -every) is more than " + maxRuns
                    + " (the API refuses series longer than gator.api.schedule.max-runs)");
        }
        Duration skew = skew(plan.every());
        List<Action> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            Instant at = plan.start().plus(plan.every().multipliedBy(k));
            OffsetDateTime from = OffsetDateTime.ofInstant(at.minus(skew), ZoneOffset.UTC);
            OffsetDateTime to = OffsetDateTime.ofInstant(at.plus(plan.perRun()), ZoneOffset.UTC);
            out.add(sign.apply(base.withId(k + 1L).withValidity(from, to)));
        }
        return out;
    }
}
