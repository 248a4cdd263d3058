package io.gator.core.auth;

import io.gator.core.sign.SignatureException;
import io.gator.core.sign.SignatureVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks an {@code X-PGPAUTHORIZATION} token as MIG's API does (4 parts, version 1, exact time
 * layout, time within ±window of the clock, signature from a known key) and, unlike MIG, refuses a
 * nonce already used by the same signer within the window. Thread-safe.
 */
public final class TokenVerifier {
    private final SignatureVerifier verifier;
    private final Clock clock;
    private final Duration window;
    private final Optional<NonceCache> nonces;

    /**
     * @param window MIG's {@code tokenduration} (default 10 minutes; {@code gator.core.auth.token-duration})
     * @param nonces the replay cache; empty to accept replays as MIG does
     */
    public TokenVerifier(SignatureVerifier verifier, Clock clock, Duration window, Optional<NonceCache> nonces) {
        this.verifier = Objects.requireNonNull(verifier);
        this.clock = Objects.requireNonNull(clock);
        this.window = Objects.requireNonNull(window);
        this.nonces = Objects.requireNonNull(nonces);
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("token window must be positive, got " + window);
        }
    }

    /**
     * A verifier configured from {@code gator.core.auth} ({@code token-duration},
     * {@code nonce-cache-max-entries}) with replay refusal on.
     */
    public static TokenVerifier create(com.typesafe.config.Config config, SignatureVerifier verifier, Clock clock) {
        com.typesafe.config.Config c = config.getConfig("gator.core.auth");
        return new TokenVerifier(verifier, clock, c.getDuration("token-duration"),
                Optional.of(new NonceCache(c.getInt("nonce-cache-max-entries"))));
    }

    /** The accepted distance between a token's time and the clock. */
    public Duration window() {
        return window;
    }

    /**
     * Verifies a header value.
     *
     * @throws AuthTokenException with a message naming what is wrong
     */
    public VerifiedToken verify(String header) throws AuthTokenException {
        if (header == null || header.isBlank()) {
            throw new AuthTokenException("empty authorization token");
        }
        String[] parts = header.strip().split(";", -1);
        if (parts.length != 4) {
            throw new AuthTokenException("token must have 4 parts separated by ';' (version;time;nonce;signature), got "
                    + parts.length);
        }
        if (!AuthToken.VERSION.equals(parts[0])) {
            throw new AuthTokenException("unsupported token version '" + parts[0] + "', expected 1");
        }
        Instant time;
        try {
            time = Instant.from(AuthToken.TIME.parse(parts[1]));
        } catch (DateTimeParseException e) {
            throw new AuthTokenException("token time '" + parts[1] + "' is not in the form 2006-01-02T15:04:05Z (UTC)");
        }
        if (parts[2].isEmpty()) {
            throw new AuthTokenException("token nonce is empty");
        }
        Instant now = clock.instant();
        if (time.isBefore(now.minus(window)) || time.isAfter(now.plus(window))) {
            throw new AuthTokenException("token time " + parts[1] + " is outside the accepted window of ±"
                    + window.toMinutes() + " minutes around the server time " + AuthToken.TIME.format(now));
        }
        String fingerprint;
        try {
            fingerprint = verifier.verify(AuthToken.signedText(parts[0] + ";" + parts[1] + ";" + parts[2]), parts[3]);
        } catch (SignatureException e) {
            throw new AuthTokenException("token signature rejected: " + e.getMessage(), e);
        }
        if (nonces.isPresent()) {
            // Scoped by signer so that one investigator cannot burn another's nonce; remembered
            // until the token leaves the window, after which the time check refuses it anyway.
            switch (nonces.get().register(fingerprint + ";" + parts[2], time.plus(window), now)) {
                case REPLAYED -> throw new AuthTokenException("token nonce " + parts[2]
                        + " was already used: replayed token refused");
                case FULL -> throw new AuthTokenException("too many recent tokens: nonce cache is full, retry later");
                case ACCEPTED -> { }
            }
        }
        return new VerifiedToken(fingerprint, time, parts[2]);
    }
}
