package io.gator.api.auth;

import io.gator.core.investigator.Investigator;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Finds the investigator behind a request from its {@code X-PGPAUTHORIZATION} or
 * {@code X-MIGAPIKEY} header (the token wins when both are present, as in MIG). Completes with an
 * active investigator, or exceptionally with {@link AuthException} carrying MIG's 401 message.
 */
public interface Authenticator {
    String NO_HEADER = "Valid authentication header not found";

    CompletionStage<Investigator> authenticate(Optional<String> pgpAuthorization, Optional<String> apiKey);

    /** MIG's wording for a token or key that does not verify. */
    static AuthException failed(String reason) {
        return new AuthException("Authorization verification failed with error '" + reason + "'");
    }
}
