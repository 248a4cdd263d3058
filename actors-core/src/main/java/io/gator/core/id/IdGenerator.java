package io.gator.core.id;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MIG-compatible IDs: positive integers below 2^53 (they travel as JSON float64), unique and
 * increasing within a process. The first ID is {@code (seconds since 2013-04-29T18:00:00Z + 1) << 16}
 * as MIG's GenID; every later one is the previous plus one, so a process may issue 65,536 IDs per
 * second of uptime before it runs ahead of the clock, and a restarted process starts above the
 * IDs of an earlier run as long as that run did not exceed this rate.
 */
public final class IdGenerator {
    /** MIG's epoch for IDs: 2013-04-29T18:00:00Z. */
    public static final long MIG_EPOCH_SECONDS = 1367258400L;
    /** Largest integer a float64 holds exactly. */
    public static final long MAX_ID = (1L << 53) - 1;

    private static final IdGenerator DEFAULT = new IdGenerator(Clock.systemUTC());

    private final AtomicLong last;

    public IdGenerator(Clock clock) {
        long seconds = clock.instant().getEpochSecond() - MIG_EPOCH_SECONDS + 1;
        if (seconds <= 0) {
            throw new IllegalStateException("clock before MIG's ID epoch: " + clock.instant());
        }
        this.last = new AtomicLong((seconds << 16) - 1);
    }

    /** The process-wide generator. */
    public static IdGenerator global() {
        return DEFAULT;
    }

    /** Shortcut for {@code global().next()}. */
    public static long nextId() {
        return DEFAULT.next();
    }

    /** The next ID; unique within this generator, strictly increasing. */
    public long next() {
        long id = last.incrementAndGet();
        if (id > MAX_ID) {
            throw new IllegalStateException("ID space exhausted (above 2^53)");
        }
        return id;
    }
}
