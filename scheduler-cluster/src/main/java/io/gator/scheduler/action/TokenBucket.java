package io.gator.scheduler.action;

/**
 * A token bucket refilled from a timer: its owner (an actor) calls {@link #refill} from a fixed-rate timer while
 * someone waits, spends the tokens, then {@link #settle}s. Refills add the time elapsed since the previous one
 * (read from the owner's clock), so a timer that fires late, as on a starved machine where the scheduler fires at
 * most one tick per wheel tick, loses no time: the tokens of the missed ticks are spent by the commands waiting,
 * and only what is left is capped at the burst.
 */
final class TokenBucket {
    /** Tokens are counted in billionths: rate (per second) x nanoseconds adds up without rounding drift. */
    private static final long ONE = 1_000_000_000L;
    private final double rate;
    private final long capacity;
    private long tokens;
    private long last;

    /** Starts full, as after a long idle time, at {@code now} (nanoseconds); the burst is at least one token. */
    TokenBucket(double rate, double capacity, long now) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("a token bucket needs a positive rate, got " + rate);
        }
        this.rate = rate;
        this.capacity = Math.max(ONE, Math.round(capacity * ONE));
        this.tokens = this.capacity;
        this.last = now;
    }

    /** Adds the tokens of the time since the previous refill (uncapped until {@link #settle}). */
    void refill(long now) {
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens += Math.round(rate * elapsed);
            last = now;
        }
    }

    /** What was not spent is capped at the burst. */
    void settle() {
        tokens = Math.min(capacity, tokens);
    }

    /** The timer starts again after an idle time: the bucket was full, the idle time brings nothing more. */
    void restart(long now) {
        last = now;
        settle();
    }

    boolean tryTake() {
        if (tokens >= ONE) {
            tokens -= ONE;
            return true;
        }
        return false;
    }

    /** Gives back a token taken for a command that did not go. */
    void refund() {
        tokens += ONE;
    }

    boolean full() {
        return tokens >= capacity;
    }

    /** A bucket for a new rate keeping no more tokens than this one has (a rate change grants no extra burst). */
    TokenBucket withRate(double newRate, double newCapacity, long now) {
        refill(now);
        TokenBucket b = new TokenBucket(newRate, newCapacity, now);
        b.tokens = Math.min(b.capacity, tokens);
        return b;
    }
}
