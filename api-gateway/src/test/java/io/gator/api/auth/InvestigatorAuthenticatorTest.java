package io.gator.api.auth;

import io.gator.api.backend.InMemoryBackend;
import io.gator.api.backend.InvestigatorUpdate;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvestigatorAuthenticatorTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-11-23T07:00:00Z"), ZoneOffset.UTC);
    final OffsetDateTime now = OffsetDateTime.now(clock);
    final InMemoryBackend backend = new InMemoryBackend(clock);
    final InvestigatorAuthenticator auth = new InvestigatorAuthenticator(backend, header -> {
        if (header.equals("good-token")) {
            return "AAAA";
        }
        throw new AuthException("token signature does not verify");
    });

    Investigator viaKey(String key) {
        return auth.authenticate(Optional.empty(), Optional.of(key)).toCompletableFuture().join();
    }

    String failure(Optional<String> token, Optional<String> key) {
        CompletionException e = assertThrows(CompletionException.class,
                () -> auth.authenticate(token, key).toCompletableFuture().join());
        assertInstanceOf(AuthException.class, e.getCause());
        return e.getCause().getMessage();
    }

    void update(InvestigatorUpdate u) {
        backend.updateInvestigator(u).toCompletableFuture().join();
    }

    @Test
    void tokenMapsToTheActiveInvestigatorOfTheFingerprint() {
        backend.put(new Investigator(1, "alice", "aaaa", "", "active", now, now, Permissions.ALL));
        assertEquals("alice", auth.authenticate(Optional.of("good-token"), Optional.empty())
                .toCompletableFuture().join().name());
        assertEquals("Authorization verification failed with error 'token signature does not verify'",
                failure(Optional.of("bad"), Optional.empty()));
        assertEquals(Authenticator.NO_HEADER, failure(Optional.empty(), Optional.empty()));
    }

    @Test
    void rememberedKeyStopsWorkingWhenRevokedReplacedOrDisabled() {
        backend.put(new Investigator(1, "admin", "AAAA", "", "active", now, now, Permissions.ALL));
        backend.put(new Investigator(2, "user", "BBBB", "", "active", now, now, Permissions.INVESTIGATOR));
        ApiKeys.Generated g = ApiKeys.generate();
        update(new InvestigatorUpdate(2, Optional.empty(), Optional.empty(),
                Optional.of(new InvestigatorUpdate.ApiKeyChange.Set(g.hash(), g.salt()))));
        assertEquals("user", viaKey(g.key()).name());
        assertEquals("user", viaKey(g.key()).name(), "second use from the cache");

        ApiKeys.Generated next = ApiKeys.generate();
        update(new InvestigatorUpdate(2, Optional.empty(), Optional.empty(),
                Optional.of(new InvestigatorUpdate.ApiKeyChange.Set(next.hash(), next.salt()))));
        assertTrue(failure(Optional.empty(), Optional.of(g.key())).contains("API key not recognized"));
        assertEquals("user", viaKey(next.key()).name());

        update(new InvestigatorUpdate(2, Optional.of("disabled"), Optional.empty(), Optional.empty()));
        assertTrue(failure(Optional.empty(), Optional.of(next.key())).contains("API key not recognized"));
    }

    @Test
    void keyOfWrongLengthIsRefusedWithoutHashing() {
        assertEquals("Authorization verification failed with error 'API key has the wrong length'",
                failure(Optional.empty(), Optional.of("short")));
    }

    @Test
    void aKeyIsHashedOnlyAgainstTheCredentialWithItsLookupTagOrWithNone() {
        backend.put(new Investigator(1, "admin", "AAAA", "", "active", now, now, Permissions.ALL));
        backend.put(new Investigator(2, "user", "BBBB", "", "active", now, now, Permissions.INVESTIGATOR));
        backend.put(new Investigator(3, "old", "CCCC", "", "active", now, now, Permissions.INVESTIGATOR));
        ApiKeys.Generated tagged = ApiKeys.generate();
        // the right hash under another key's tag: never compared, so refused without PBKDF2
        update(new InvestigatorUpdate(2, Optional.empty(), Optional.empty(), Optional.of(
                new InvestigatorUpdate.ApiKeyChange.Set(tagged.hash(), tagged.salt(), ApiKeys.lookup("x".repeat(32))))));
        assertTrue(failure(Optional.empty(), Optional.of(tagged.key())).contains("API key not recognized"));
        update(new InvestigatorUpdate(2, Optional.empty(), Optional.empty(), Optional.of(
                new InvestigatorUpdate.ApiKeyChange.Set(tagged.hash(), tagged.salt(), tagged.lookup()))));
        assertEquals("user", viaKey(tagged.key()).name());
        // keys issued before lookup tags still work
        ApiKeys.Generated legacy = ApiKeys.generate();
        update(new InvestigatorUpdate(3, Optional.empty(), Optional.empty(), Optional.of(
                new InvestigatorUpdate.ApiKeyChange.Set(legacy.hash(), legacy.salt()))));
        assertEquals("old", viaKey(legacy.key()).name());
        // once it verified, the old key is tagged too, so wrong keys stop costing a PBKDF2 against it
        assertEquals(ApiKeys.lookup(legacy.key()), backend.apiKeyCredentials().toCompletableFuture().join().stream()
                .filter(c -> c.investigator().id() == 3).findFirst().orElseThrow().lookup());
        assertEquals(ApiKeys.LOOKUP_CHARS, tagged.lookup().length());
    }
}
