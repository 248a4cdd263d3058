package io.gator.api.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * MIG's API keys: 32 characters [A-Za-z0-9] from a secure random source (MIG drew them from a
 * time-seeded math/rand and missed the letter G; Gator does neither), stored as
 * PBKDF2-HMAC-SHA256(key, 16-byte salt, 4096 iterations, 32 bytes), compared in constant time.
 */
public final class ApiKeys {
    public static final int KEY_LENGTH = 32;
    public static final int SALT_BYTES = 16;
    public static final int ITERATIONS = 4096;
    public static final int HASH_BYTES = 32;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    /** A fresh key, its salt and hash; the caller shows the key once and stores hash, salt and lookup tag. */
    public record Generated(String key, byte[] hash, byte[] salt) {
        public String lookup() {
            return ApiKeys.lookup(key);
        }
    }

    /** Hex characters of the lookup tag. */
    public static final int LOOKUP_CHARS = 16;

    /**
     * A short tag stored beside the hash so that a presented key is checked (PBKDF2) against the one
     * credential that can match instead of every stored one: the start of the key's SHA-256. It tells
     * nothing usable about a 190-bit random key, and keys issued before tags existed (no tag) still work.
     */
    public static String lookup(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d).substring(0, LOOKUP_CHARS);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Generated generate() {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        String key = random(KEY_LENGTH);
        return new Generated(key, hash(key, salt), salt);
    }

    /** {@code length} characters of [A-Za-z0-9] from the secure random source (also loader key prefixes). */
    public static String random(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    public static byte[] hash(String key, byte[] salt) {
        return pbkdf2(key, salt, ITERATIONS, HASH_BYTES);
    }

    static byte[] pbkdf2(String key, byte[] salt, int iterations, int bytes) {
        char[] chars = key.toCharArray();
        try {
            PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, bytes * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** Whether {@code key} hashes to {@code expectedHash} with {@code salt} (constant-time comparison). */
    public static boolean matches(String key, byte[] salt, byte[] expectedHash) {
        return MessageDigest.isEqual(hash(key, salt), expectedHash);
    }
}
