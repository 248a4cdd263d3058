package io.gator.api.testing;

import io.gator.api.auth.AuthException;
import io.gator.api.auth.TokenVerifier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the PGP token verifier with the same semantics (MIG's token layout, time window,
 * replay refusal), where the "signature" is {@code <fingerprint>:<HMAC-SHA256(secret, 1;time;nonce\n)>}
 * so tests can forge, expire and replay tokens without PGP keys. Real PGP verification lives in
 * {@code io.gator.core.auth} and is wired by the application.
 */
public final class FakeTokens implements TokenVerifier {
    private static final DateTimeFormatter LAYOUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private final Clock clock;
    private final Duration window;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Instant> seenNonces = new ConcurrentHashMap<>();

    public FakeTokens(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    /** Registers a "key" for a fingerprint. */
    public void key(String fingerprint, String secret) {
        secrets.put(fingerprint, secret);
    }

    public static String token(String fingerprint, String secret, Instant time, String nonce) {
        String str = "1;" + LAYOUT.format(time) + ";" + nonce;
        return str + ";" + fingerprint + ":" + hmac(secret, str + "\n");
    }

    @Override
    public String verify(String header) throws AuthException {
        String[] p = header.split(";");
        if (p.length != 4) {
            throw new AuthException("token must have 4 parts separated by ';', found " + p.length);
        }
        if (!p[0].equals("1")) {
            throw new AuthException("token version '" + p[0] + "' is not supported");
        }
        Instant t;
        try {
            t = Instant.from(LAYOUT.parse(p[1]));
        } catch (DateTimeParseException e) {
            throw new AuthException("token time '" + p[1] + "' is not YYYY-MM-DDTHH:MM:SSZ");
        }
        Instant now = clock.instant();
        if (t.isBefore(now.minus(window)) || t.isAfter(now.plus(window))) {
            throw new AuthException("token time " + p[1] + " is outside the " + window.toMinutes() + " minute window");
        }
        int colon = p[3].indexOf(':');
        String fp = colon < 0 ? "" : p[3].substring(0, colon);
        String secret = secrets.get(fp);
        if (secret == null || !hmac(secret, p[0] + ";" + p[1] + ";" + p[2] + "\n").equals(p[3].substring(colon + 1))) {
            throw new AuthException("token signature does not verify");
        }
        seenNonces.values().removeIf(seen -> seen.isBefore(now.minus(window.multipliedBy(2))));
        if (seenNonces.putIfAbsent(fp + ";" + p[2], now) != null) {
            throw new AuthException("token nonce " + p[2] + " was already used");
        }
        return fp;
    }

    private static String hmac(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
