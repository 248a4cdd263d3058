package io.gator.api.loader;

import io.gator.api.auth.ApiKeys;

import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A loader's key as {@code X-LOADERKEY} carries it: 8 characters of prefix (stored in clear to find the entry)
 * then 32 of secret (stored as MIG stores it: PBKDF2-HMAC-SHA256, 4096 rounds, 32 bytes, 16-byte salt).
 */
public record LoaderKey(String prefix, String secret) {
    public static final int PREFIX_LENGTH = 8;
    public static final int SECRET_LENGTH = ApiKeys.KEY_LENGTH;
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9]{" + PREFIX_LENGTH + "}");
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9]{" + (PREFIX_LENGTH + SECRET_LENGTH) + "}");

    /** A new secret with its hash and salt (hex) for a prefix, drawn or kept. */
    public record Issued(LoaderKey key, String hashHex, String saltHex) {}

    /** The key of a header, or empty when it is not 40 characters of [A-Za-z0-9] (MIG's format). */
    public static Optional<LoaderKey> parse(String header) {
        if (header == null || !FORMAT.matcher(header).matches()) {
            return Optional.empty();
        }
        return Optional.of(new LoaderKey(header.substring(0, PREFIX_LENGTH), header.substring(PREFIX_LENGTH)));
    }

    /** A fresh prefix and secret. */
    public static Issued issue() {
        return issue(ApiKeys.random(PREFIX_LENGTH));
    }

    /** A fresh secret under an existing prefix (MIG's {@code /loader/key/} keeps the prefix). */
    public static Issued issue(String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a loader key prefix is 8 characters of [A-Za-z0-9]");
        }
        ApiKeys.Generated g = ApiKeys.generate();
        return new Issued(new LoaderKey(prefix, g.key()), HexFormat.of().formatHex(g.hash()),
                HexFormat.of().formatHex(g.salt()));
    }

    /** Whether the secret hashes to the stored hash with the stored salt (constant-time). */
    public boolean matches(String hashHex, String saltHex) {
        try {
            return ApiKeys.matches(secret, HexFormat.of().parseHex(saltHex), HexFormat.of().parseHex(hashHex));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** What the loader keeps in its key file and sends. */
    public String full() {
        return prefix + secret;
    }

    @Override
    public String toString() {
        return "LoaderKey[" + prefix + "…]";
    }
}
