package io.gator.api.crypto;

import io.gator.api.auth.AuthException;
import io.gator.api.backend.InMemoryBackend;
import io.gator.api.testing.MutableClock;
import io.gator.core.auth.AuthToken;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvestigatorKeyringTest {
    static final KeyGen.GeneratedKey ALICE = KeyGen.rsa("alice <alice@example.net>", 2048);
    static final KeyGen.GeneratedKey BOB = KeyGen.rsa("bob <bob@example.net>", 2048);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T03:00:00Z"));
    final InMemoryBackend backend = new InMemoryBackend(clock);
    final InvestigatorKeyring keys = new InvestigatorKeyring(backend, clock, Duration.ofMinutes(5));
    final PgpTokenVerifier verifier = new PgpTokenVerifier(keys, clock, Duration.ofMinutes(10), 1000);
    long nonce = 1;

    void register(long id, String name, KeyGen.GeneratedKey key) {
        OffsetDateTime t = OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        backend.put(new Investigator(id, name, key.fingerprint(), Base64.getEncoder().encodeToString(
                key.armoredPublicKey().getBytes(StandardCharsets.UTF_8)), "active", t, t, Permissions.ALL));
    }

    String token(KeyGen.GeneratedKey key) throws Exception {
        return AuthToken.build(PgpSigner.of(key), clock.instant(), Long.toString(nonce++));
    }

    @Test
    void investigatorCreatedAfterTheKeyringWasBuiltSignsInWithoutWaitingForTheTtl() throws Exception {
        register(1, "alice", ALICE);
        assertEquals(ALICE.fingerprint(), verifier.verify(token(ALICE)), "builds the keyring");

        register(2, "bob", BOB);
        clock.advance(Duration.ofSeconds(2));
        assertEquals(BOB.fingerprint(), verifier.verify(token(BOB)), "one reload after the miss");
    }

    @Test
    void unknownKeysReloadAtMostOncePerInterval() throws Exception {
        register(1, "alice", ALICE);
        verifier.verify(token(ALICE));

        assertThrows(AuthException.class, () -> verifier.verify(token(BOB)), "bob is unknown everywhere");
        register(2, "bob", BOB);
        assertThrows(AuthException.class, () -> verifier.verify(token(BOB)),
                "a second miss within the interval does not reload");
        clock.advance(InvestigatorKeyring.MISS_REFRESH_INTERVAL);
        assertEquals(BOB.fingerprint(), verifier.verify(token(BOB)));
    }

    @Test
    void refreshAfterMissKeepsTheLastKeyringWhenTheBackendIsAway() throws Exception {
        register(1, "alice", ALICE);
        verifier.verify(token(ALICE));
        backend.setAvailable(false);
        assertFalse(keys.refreshAfterMiss());
        assertEquals(ALICE.fingerprint(), verifier.verify(token(ALICE)), "the last good keyring still answers");
        backend.setAvailable(true);
        clock.advance(InvestigatorKeyring.MISS_REFRESH_INTERVAL);
        assertTrue(keys.refreshAfterMiss());
    }
}
