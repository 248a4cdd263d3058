package io.gator.api.backend;

import io.gator.core.id.IdGenerator;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Action IDs the server assigns: the seconds since MIG's ID epoch in the high bits (so that IDs still
 * grow with time, as the newest-first listings expect) and 22 secure random bits below, so that no
 * caller can predict or reserve the next ID. Stays below 2^53 (a JSON float64, as MIG clients read it)
 * until 2081.
 */
public final class ActionIds {
    static final int RANDOM_BITS = 22;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Clock clock;

    public ActionIds(Clock clock) {
        this.clock = clock;
    }

    public long next() {
        long seconds = Math.max(1, clock.instant().getEpochSecond() - IdGenerator.MIG_EPOCH_SECONDS + 1);
        long id = (seconds << RANDOM_BITS) | RANDOM.nextInt(1 << RANDOM_BITS);
        if (id <= 0 || id > IdGenerator.MAX_ID) {
            throw new IllegalStateException("action ID space exhausted (above 2^53)");
        }
        return id;
    }
}
