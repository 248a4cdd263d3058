package io.gator.api.auth;

import io.gator.api.backend.ApiBackend;
import io.gator.api.backend.ApiKeyCredential;
import io.gator.core.investigator.Investigator;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The production {@link Authenticator}: tokens through a {@link TokenVerifier} then the
 * investigator by fingerprint; API keys against every active investigator's stored PBKDF2 hash.
 * The investigator must be active in both cases.
 */
public final class InvestigatorAuthenticator implements Authenticator {
    private final ApiBackend backend;
    private final TokenVerifier tokens;

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

    private static CompletionStage<Investigator> byKey(List<ApiKeyCredential> creds, String key) {
        for (ApiKeyCredential c : creds) {
            if (ApiKeys.matches(key, c.salt(), c.hash())) {
                return active(c.investigator());
            }
        }
        return CompletableFuture.failedFuture(Authenticator.failed("API key not recognized"));
    }

    private static CompletionStage<Investigator> active(Investigator i) {
        if (!"active".equals(i.status())) {
            return CompletableFuture.failedFuture(
                    Authenticator.failed("investigator " + i.name() + " is " + (i.status().isEmpty() ? "not active" : i.status())));
        }
        return CompletableFuture.completedFuture(i);
    }
}
