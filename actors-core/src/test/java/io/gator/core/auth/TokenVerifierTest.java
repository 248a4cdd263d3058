package io.gator.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.sign.KeyGen;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.PgpSigner;
import io.gator.core.sign.PgpVerifier;
import io.gator.core.testing.Fixtures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
    static final String ALICE = "22C8D4068CDF26758089E511F9BF5E2FBEC6D8C1";
    static final Duration WINDOW = Duration.ofMinutes(10);
    static PgpVerifier alice;
    static List<String> migTokens;
    static KeyGen.GeneratedKey key;

    @BeforeAll
    static void setUp() {
        alice = new PgpVerifier(Keyring.fromFile(Fixtures.path("mig-wire/keys/alice.asc")));
        migTokens = Fixtures.read("mig-wire/http/cli-session.http").lines()
                .filter(l -> l.regionMatches(true, 0, "X-Pgpauthorization: ", 0, 20))
                .map(l -> l.substring(20).strip()).toList();
        key = KeyGen.ed25519("Token <token@test>");
    }

    static Instant timeOf(String token) {
        return Instant.parse(token.split(";")[1]);
    }

    static TokenVerifier at(Instant now, PgpVerifier v, Optional<NonceCache> cache) {
        return new TokenVerifier(v, Clock.fixed(now, ZoneOffset.UTC), WINDOW, cache);
    }

    @Test
    void everyTokenTheMigClientSentVerifiesWithAliceKey() throws Exception {
        assertFalse(migTokens.isEmpty());
        for (String t : migTokens) {
            VerifiedToken v = at(timeOf(t), alice, Optional.of(new NonceCache(10))).verify(t);
            assertEquals(ALICE, v.fingerprint());
            assertEquals(t.split(";")[2], v.nonce());
        }
    }

    @Test
    void changedTimeOrNonceFailsTheSignature() {
        String t = migTokens.get(0);
        String[] p = t.split(";");
        Instant later = timeOf(t).plusSeconds(1);
        String otherTime = String.join(";", p[0], later.toString(), p[2], p[3]);
        String otherNonce = String.join(";", p[0], p[1], p[2] + "1", p[3]);
        for (String forged : List.of(otherTime, otherNonce)) {
            AuthTokenException e = assertThrows(AuthTokenException.class,
                    () -> at(timeOf(t), alice, Optional.empty()).verify(forged));
            assertTrue(e.getMessage().startsWith("token signature rejected: bad signature"), e.getMessage());
        }
    }

    @Test
    void tokenOutsideTheWindowIsRefusedBothWays() throws Exception {
        String t = migTokens.get(0);
        Instant time = timeOf(t);
        at(time.plus(WINDOW), alice, Optional.empty()).verify(t);
        at(time.minus(WINDOW), alice, Optional.empty()).verify(t);
        for (Instant now : List.of(time.plus(WINDOW).plusSeconds(1), time.minus(WINDOW).minusSeconds(1))) {
            AuthTokenException e = assertThrows(AuthTokenException.class,
                    () -> at(now, alice, Optional.empty()).verify(t));
            assertTrue(e.getMessage().contains("outside the accepted window"), e.getMessage());
        }
    }

    @Test
    void replayedNonceIsRefusedWithinTheWindow() throws Exception {
        String t = migTokens.get(0);
        TokenVerifier v = at(timeOf(t), alice, Optional.of(new NonceCache(100)));
        v.verify(t);
        AuthTokenException e = assertThrows(AuthTokenException.class, () -> v.verify(t));
        assertTrue(e.getMessage().contains("already used"), e.getMessage());
        // Without a cache MIG's behaviour is kept: reusable within the window.
        TokenVerifier mig = at(timeOf(t), alice, Optional.empty());
        mig.verify(t);
        mig.verify(t);
    }

    @Test
    void builtTokenHasMigShapeAndVerifies() throws Exception {
        Instant now = Instant.parse("2026-11-23T07:11:36.789Z");
        String token = AuthToken.build(PgpSigner.of(key), now, "28059860795393");
        String[] p = token.split(";");
        assertEquals(4, p.length);
        assertEquals("1", p[0]);
        assertEquals("2026-11-23T07:11:36Z", p[1]);
        assertTrue(p[3].matches("[A-Za-z0-9+/]+=*=[A-Za-z0-9+/]{4}"), p[3]);
        VerifiedToken v = at(now, new PgpVerifier(key.keyring()), Optional.of(new NonceCache(10))).verify(token);
        assertEquals(key.fingerprint(), v.fingerprint());
        assertEquals(Instant.parse("2026-11-23T07:11:36Z"), v.time());
        // The signature covers the prefix plus a newline, not the bare prefix.
        assertEquals(key.fingerprint(), new PgpVerifier(key.keyring()).verify("1;2026-11-23T07:11:36Z;28059860795393\n", p[3]));
    }

    @Test
    void malformedTokensAreRefusedWithAClearMessage() {
        String t = migTokens.get(0);
        String[] p = t.split(";");
        TokenVerifier v = at(timeOf(t), alice, Optional.empty());
        record Case(String token, String message) {}
        for (Case c : List.of(
                new Case("", "empty authorization token"),
                new Case(p[0] + ";" + p[1] + ";" + p[2], "4 parts"),
                new Case(t + ";extra", "4 parts"),
                new Case("2;" + p[1] + ";" + p[2] + ";" + p[3], "unsupported token version '2'"),
                new Case("1;" + p[1].replace("Z", ".000Z") + ";" + p[2] + ";" + p[3], "2006-01-02T15:04:05Z"),
                new Case("1;" + p[1].replace("Z", "+00:00") + ";" + p[2] + ";" + p[3], "2006-01-02T15:04:05Z"),
                new Case("1;" + p[1].replace('T', ' ') + ";" + p[2] + ";" + p[3], "2006-01-02T15:04:05Z"),
                new Case("1;2026-02-30T07:11:36Z;" + p[2] + ";" + p[3], "2006-01-02T15:04:05Z"),
                new Case("1;" + p[1] + ";;" + p[3], "nonce is empty"),
                new Case("1;" + p[1] + ";" + p[2] + ";notasignature", "malformed signature"))) {
            AuthTokenException e = assertThrows(AuthTokenException.class, () -> v.verify(c.token()), c.token());
            assertTrue(e.getMessage().contains(c.message()), c.token() + " -> " + e.getMessage());
        }
    }

    @Test
    void tokenFromAKeyOutsideTheKeyringNamesTheUnknownSigner() {
        String t = migTokens.get(0);
        PgpVerifier bob = new PgpVerifier(Keyring.fromFile(Fixtures.path("mig-wire/keys/bob.asc")));
        AuthTokenException e = assertThrows(AuthTokenException.class,
                () -> at(timeOf(t), bob, Optional.empty()).verify(t));
        assertTrue(e.getMessage().contains("unknown signer"), e.getMessage());
    }

    @Test
    void referenceConfigGivesMigTenMinuteWindowAndRefusesReplays() throws Exception {
        String t = migTokens.get(0);
        TokenVerifier v = TokenVerifier.create(com.typesafe.config.ConfigFactory.load(), alice,
                Clock.fixed(timeOf(t), ZoneOffset.UTC));
        assertEquals(Duration.ofMinutes(10), v.window());
        v.verify(t);
        assertThrows(AuthTokenException.class, () -> v.verify(t));
    }
}
