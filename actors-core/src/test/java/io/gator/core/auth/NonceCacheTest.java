package io.gator.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gator.core.auth.NonceCache.Outcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NonceCacheTest {
    static final Instant T0 = Instant.parse("2026-11-23T07:00:00Z");

    @Test
    void nonceSeenBeforeItExpiresIsAReplay() {
        NonceCache c = new NonceCache(10);
        assertEquals(Outcome.ACCEPTED, c.register("a", T0.plusSeconds(600), T0));
        assertEquals(Outcome.REPLAYED, c.register("a", T0.plusSeconds(600), T0.plusSeconds(599)));
        assertEquals(Outcome.ACCEPTED, c.register("b", T0.plusSeconds(600), T0));
    }

    @Test
    void entriesAreForgottenOnceExpired() {
        NonceCache c = new NonceCache(10);
        c.register("a", T0.plusSeconds(600), T0);
        c.register("b", T0.plusSeconds(60), T0);
        assertEquals(2, c.size(T0));
        assertEquals(1, c.size(T0.plusSeconds(60)));
        assertEquals(Outcome.ACCEPTED, c.register("b", T0.plusSeconds(700), T0.plusSeconds(100)));
        assertEquals(0, c.size(T0.plusSeconds(700)));
    }

    @Test
    void fullCacheRefusesNewNoncesUntilOldOnesExpire() {
        NonceCache c = new NonceCache(2);
        c.register("a", T0.plusSeconds(10), T0);
        c.register("b", T0.plusSeconds(20), T0);
        assertEquals(Outcome.FULL, c.register("c", T0.plusSeconds(30), T0.plusSeconds(5)));
        assertEquals(Outcome.ACCEPTED, c.register("c", T0.plusSeconds(30), T0.plusSeconds(10)));
        assertEquals(2, c.size(T0.plusSeconds(10)));
    }

    @Test
    void sizeMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new NonceCache(0));
    }
}
