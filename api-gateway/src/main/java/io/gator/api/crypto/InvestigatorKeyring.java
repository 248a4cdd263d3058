package io.gator.api.crypto;

import io.gator.api.backend.ApiBackend;
import io.gator.core.investigator.Investigator;
import io.gator.core.sign.Keyring;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The public keys of active investigators, rebuilt from the backend at most every {@code ttl}
 * (MIG rebuilds every 5 minutes; Gator defaults to seconds so a disabled investigator stops
 * working quickly). MIG's API carries keys as base64 of the armored block; plain armor is accepted too.
 */
public final class InvestigatorKeyring {
    private final ApiBackend backend;
    private final Clock clock;
    private final Duration ttl;
    private volatile Keyring keyring = Keyring.empty();
    private volatile List<Investigator> investigators = List.of();
    private volatile Instant builtAt = Instant.MIN;
    private Instant lastMissRefresh = Instant.MIN;

    /** Bounds the reloads a stream of tokens from unknown keys can cause. */
    static final Duration MISS_REFRESH_INTERVAL = Duration.ofSeconds(1);

    public InvestigatorKeyring(ApiBackend backend, Clock clock, Duration ttl) {
        this.backend = backend;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The current keyring, refreshed when older than the ttl. */
    public synchronized Keyring keyring() {
        refreshIfStale();
        return keyring;
    }

    /** The active investigators the keyring was built from. */
    public synchronized List<Investigator> investigators() {
        refreshIfStale();
        return investigators;
    }

    /** Builds a keyring from the given investigators (their armored keys). */
    public static Keyring of(List<Investigator> list) {
        List<String> armored = new ArrayList<>();
        for (Investigator i : list) {
            if (!i.publicKey().isEmpty()) {
                armored.add(armoredKey(i.publicKey()));
            }
        }
        return armored.isEmpty() ? Keyring.empty() : Keyring.ofArmored(armored);
    }

    static String armoredKey(String stored) {
        if (stored.contains("-----BEGIN PGP")) {
            return stored;
        }
        try {
            return new String(Base64.getDecoder().decode(stored), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return stored;
        }
    }

    private void refreshIfStale() {
        Instant now = clock.instant();
        if (Duration.between(builtAt, now).compareTo(ttl) < 0 && builtAt != Instant.MIN) {
            return;
        }
        try {
            List<Investigator> active = backend.activeInvestigators().toCompletableFuture().get(10, TimeUnit.SECONDS);
            keyring = of(active);
            investigators = active;
            builtAt = now;
        } catch (Exception e) {
            if (builtAt == Instant.MIN) {
                throw new IllegalStateException("cannot load investigators' keys: " + e.getMessage(), e);
            }
            // keep the last good keyring while the backend is away
        }
    }

    /**
     * Reloads the keyring after a signature by an unknown key, at most once per
     * {@link #MISS_REFRESH_INTERVAL}: an investigator created a moment ago (by another node, or by
     * {@code gator investigator create}) can sign in without waiting for the ttl.
     *
     * @return whether the keyring was reloaded, so that the caller retries once
     */
    public synchronized boolean refreshAfterMiss() {
        Instant now = clock.instant();
        if (lastMissRefresh != Instant.MIN && Duration.between(lastMissRefresh, now).compareTo(MISS_REFRESH_INTERVAL) < 0) {
            return false;
        }
        lastMissRefresh = now;
        Instant before = builtAt;
        builtAt = Instant.MIN;
        try {
            refreshIfStale();
        } catch (IllegalStateException e) {
            builtAt = before;
            return false;
        }
        return builtAt != Instant.MIN;
    }

    /** Forgets the cached keyring (after an investigator change on this node). */
    public synchronized void invalidate() {
        builtAt = Instant.MIN;
    }
}
