package io.gator.core.auth;

import io.gator.core.sign.SignatureException;
import io.gator.core.sign.Signer;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;

/**
 * Builds MIG's {@code X-PGPAUTHORIZATION} header value:
 * {@code 1;<UTC yyyy-MM-ddTHH:mm:ssZ>;<nonce>;<de-armored signature over "1;<time>;<nonce>\n">}.
 */
public final class AuthToken {
    /** The HTTP header carrying the token. */
    public static final String HEADER = "X-PGPAUTHORIZATION";
    /** The only token version. */
    public static final String VERSION = "1";
    /** Go's {@code 2006-01-02T15:04:05Z}: no fraction, literal Z. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withResolverStyle(ResolverStyle.STRICT).withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthToken() {}

    /**
     * A token signed by {@code signer} at {@code now} (truncated to the second).
     *
     * @param nonce any string without {@code ;}, e.g. {@link #newNonce()}
     */
    public static String build(Signer signer, Instant now, String nonce) throws SignatureException {
        if (nonce.isEmpty() || nonce.indexOf(';') >= 0) {
            throw new IllegalArgumentException("nonce must be non-empty and must not contain ';'");
        }
        String str = VERSION + ";" + TIME.format(now.truncatedTo(ChronoUnit.SECONDS)) + ";" + nonce;
        return str + ";" + signer.sign(signedText(str));
    }

    /** A random positive integer nonce, as MIG's client uses. */
    public static String newNonce() {
        return Long.toString(RANDOM.nextLong() & Long.MAX_VALUE);
    }

    /** What the signature covers for the token prefix {@code 1;<time>;<nonce>}: that plus a newline. */
    static String signedText(String prefix) {
        return prefix + "\n";
    }
}
