package io.gator.api.auth;

import io.gator.api.backend.ApiBackend;
import io.gator.api.backend.ApiKeyCredential;
import io.gator.core.investigator.Investigator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The production {@link Authenticator}: tokens through a {@link TokenVerifier} then the
 * investigator by fingerprint; API keys against the stored PBKDF2 hash whose lookup tag matches the
 * key's (or that has none: keys issued before tags), so a wrong key costs at most one PBKDF2 per
 * untagged key rather than one per stored key.
 * The investigator must be active in both cases.
 *
 * <p>PBKDF2 costs milliseconds per stored key, so a key that verified once is remembered (by its
 * SHA-256, never in clear) together with the stored hash it matched; later requests skip PBKDF2
 * while that same credential is still listed for an active investigator, so disabling the
 * investigator or removing or replacing the key takes effect on the next request.
 */
public final class InvestigatorAuthenticator implements Authenticator {
    private static final int CACHE_LIMIT = 10_000;
    private final ApiBackend backend;
    private final TokenVerifier tokens;
    private final Map<String, byte[]> verifiedKeys = new ConcurrentHashMap<>();

    public InvestigatorAuthenticator(ApiBackend backend, TokenVerifier tokens) {
        this.backend = backend;
        this.tokens = tokens;
    }

    @Override
    public CompletionStage<Investigator> authenticate(Optional<String> pgpAuthorization, Optional<String> apiKey) {
        if (pgpAuthorization.isPresent() && !pgpAuthorization.get().isBlank()) {
            String fingerprint;
            try {
                fingerprint = tokens.verify(pgpAuthorization.get().trim());
            } catch (AuthException e) {
                return CompletableFuture.failedFuture(Authenticator.failed(e.getMessage()));
            }
            return backend.investigatorByFingerprint(fingerprint).thenCompose(found -> {
                if (found.isEmpty()) {
                    return CompletableFuture.failedFuture(
                            Authenticator.failed("no investigator has the key " + fingerprint));
                }
                return active(found.get());
            });
        }
        if (apiKey.isPresent() && !apiKey.get().isBlank()) {
            String key = apiKey.get().trim();
            if (key.length() != ApiKeys.KEY_LENGTH) {
                return CompletableFuture.failedFuture(Authenticator.failed("API key has the wrong length"));
            }
            return backend.apiKeyCredentials().thenCompose(creds -> byKey(creds, key));
        }
        return CompletableFuture.failedFuture(new AuthException(NO_HEADER));
    }

    private CompletionStage<Investigator> byKey(List<ApiKeyCredential> creds, String key) {
        String digest = sha256(key);
        byte[] remembered = verifiedKeys.get(digest);
        if (remembered != null) {
            for (ApiKeyCredential c : creds) {
                if (MessageDigest.isEqual(remembered, c.hash())) {
                    return active(c.investigator());
                }
            }
            verifiedKeys.remove(digest);
        }
        String lookup = ApiKeys.lookup(key);
        for (ApiKeyCredential c : creds) {
            if ((c.lookup().isEmpty() || c.lookup().equals(lookup)) && ApiKeys.matches(key, c.salt(), c.hash())) {
                if (verifiedKeys.size() >= CACHE_LIMIT) {
                    verifiedKeys.clear();
                }
                verifiedKeys.put(digest, c.hash());
                if (c.lookup().isEmpty()) {
                    // best effort: a key that stays untagged only keeps costing PBKDF2 on wrong keys
                    backend.tagApiKey(c, lookup);
                }
                return active(c.investigator());
            }
        }
        return CompletableFuture.failedFuture(Authenticator.failed("API key not recognized"));
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompletionStage<Investigator> active(Investigator i) {
        if (!"active".equals(i.status())) {
            return CompletableFuture.failedFuture(
                    Authenticator.failed("investigator " + i.name() + " is " + (i.status().isEmpty() ? "not active" : i.status())));
        }
        return CompletableFuture.completedFuture(i);
    }
}
