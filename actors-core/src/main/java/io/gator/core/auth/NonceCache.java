package io.gator.core.auth;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Remembers the nonces of accepted tokens until their token can no longer be valid, so that a
 * captured token cannot be replayed within its window (MIG never checks). Memory is bounded: when
 * {@code maxEntries} live nonces are held, new tokens are refused rather than forgetting a nonce
 * early (fail closed). Thread-safe.
 */
public final class NonceCache {
    private record Entry(String key, Instant expiresAt) {}

    private final int maxEntries;
    private final Map<String, Instant> live = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry =
            new PriorityQueue<>((a, b) -> a.expiresAt().compareTo(b.expiresAt()));

    public NonceCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("nonce cache size must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** Outcome of {@link #register}. */
    public enum Outcome {
        /** First use: the nonce is now remembered. */
        ACCEPTED,
        /** The nonce was already used and its entry has not expired. */
        REPLAYED,
        /** The cache is full of live nonces. */
        FULL
    }

    /**
     * Records a nonce (the caller scopes it, e.g. by signer fingerprint) until {@code expiresAt}.
     *
     * @param now the current time, used to forget expired entries
     */
    public synchronized Outcome register(String key, Instant expiresAt, Instant now) {
        purge(now);
        Instant until = live.get(key);
        if (until != null) {
            return Outcome.REPLAYED;
        }
        if (live.size() >= maxEntries) {
            return Outcome.FULL;
        }
        live.put(key, expiresAt);
        byExpiry.add(new Entry(key, expiresAt));
        return Outcome.ACCEPTED;
    }

    /** Number of live nonces held (after forgetting those expired at {@code now}). */
    public synchronized int size(Instant now) {
        purge(now);
        return live.size();
    }

    private void purge(Instant now) {
        while (!byExpiry.isEmpty() && !byExpiry.peek().expiresAt().isAfter(now)) {
            Entry e = byExpiry.poll();
            live.remove(e.key(), e.expiresAt());
        }
    }
}
