package io.gator.api.crypto;

import io.gator.api.auth.AuthException;
import io.gator.api.auth.TokenVerifier;
import io.gator.core.auth.AuthTokenException;
import io.gator.core.auth.NonceCache;
import io.gator.core.sign.PgpVerifier;
import io.gator.core.sign.SignatureException;
import io.gator.core.sign.SignatureVerifier;
import io.gator.core.action.Action;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code X-PGPAUTHORIZATION} checked by actors-core's token code against active investigators' keys.
 * A token by a key the cached keyring does not hold triggers one (rate-limited) reload and a retry.
 */
public final class PgpTokenVerifier implements TokenVerifier {
    private final io.gator.core.auth.TokenVerifier tokens;

    public PgpTokenVerifier(InvestigatorKeyring keys, Clock clock, Duration window, int maxNonces) {
        SignatureVerifier live = new SignatureVerifier() {
            @Override
            public String verify(byte[] data, String sig) throws SignatureException {
                try {
                    return new PgpVerifier(keys.keyring()).verify(data, sig);
                } catch (SignatureException e) {
                    if (e.kind() != SignatureException.Kind.UNKNOWN_SIGNER || !keys.refreshAfterMiss()) {
                        throw e;
                    }
                    return new PgpVerifier(keys.keyring()).verify(data, sig);
                }
            }

            @Override
            public List<String> verifyAction(Action action) throws SignatureException {
                try {
                    return new PgpVerifier(keys.keyring()).verifyAction(action);
                } catch (SignatureException e) {
                    if (e.kind() != SignatureException.Kind.UNKNOWN_SIGNER || !keys.refreshAfterMiss()) {
                        throw e;
                    }
                    return new PgpVerifier(keys.keyring()).verifyAction(action);
                }
            }
        };
        this.tokens = new io.gator.core.auth.TokenVerifier(live, clock, window, Optional.of(new NonceCache(maxNonces)));
    }

    @Override
    public String verify(String header) throws AuthException {
        try {
            return tokens.verify(header).fingerprint();
        } catch (AuthTokenException e) {
            throw new AuthException(e.getMessage());
        }
    }
}
