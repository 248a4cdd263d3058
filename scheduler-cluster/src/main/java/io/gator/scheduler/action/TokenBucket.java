package io.gator.scheduler.action;

import java.time.Duration;

/**
 * A token bucket refilled by ticks rather than by reading a clock: its owner (an actor) calls {@link #tick()} from
 * a fixed-rate timer while someone waits, so the pace follows the actor system's scheduler (and TestKit's manual
 * time) and nothing polls. Each tick adds {@code rate x tick} tokens, up to {@code capacity} (the burst).
 */
final class TokenBucket {
    /** Tokens are counted in billionths, so that whole ticks add up to whole tokens without rounding drift. */
    private static final long ONE = 1_000_000_000L;
    private final long perTick;
    private final long capacity;
    private long tokens;

    /** Starts full, as after a long idle time; {@code capacity} is raised to one tick's worth and at least 1. */
    TokenBucket(double rate, Duration tick, double capacity) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("a token bucket needs a positive rate, got " + rate);
        }
        this.perTick = Math.max(1, Math.round(rate * tick.toNanos()));
        this.capacity = Math.max(ONE, Math.max(perTick, Math.round(capacity * ONE)));
        this.tokens = this.capacity;
    }

    void tick() {
        tokens = Math.min(capacity, tokens + perTick);
    }

    boolean tryTake() {
        if (tokens >= ONE) {
            tokens -= ONE;
            return true;
        }
        return false;
    }

    /** Gives back a token taken for a command that did not go (capped at the burst). */
    void refund() {
        tokens = Math.min(capacity, tokens + ONE);
    }

    boolean full() {
        return tokens >= capacity;
    }

    /** A bucket for a new rate keeping no more tokens than this one has (a rate change grants no extra burst). */
    TokenBucket withRate(double rate, Duration tick, double newCapacity) {
        TokenBucket b = new TokenBucket(rate, tick, newCapacity);
        b.tokens = Math.min(b.capacity, tokens);
        return b;
    }
}
