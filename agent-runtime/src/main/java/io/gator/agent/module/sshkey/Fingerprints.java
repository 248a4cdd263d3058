package io.gator.agent.module.sshkey;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** OpenSSH's fingerprints of a public key in SSH wire format: legacy MD5 and SHA256. */
final class Fingerprints {
    private Fingerprints() {}

    /** Lower-case hex bytes joined by colons, without the {@code MD5:} prefix (as MIG reports it). */
    static String md5(byte[] blob) {
        return HexFormat.ofDelimiter(":").formatHex(digest("MD5", blob));
    }

    /** {@code SHA256:} and the unpadded base64 of the digest. */
    static String sha256(byte[] blob) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest("SHA-256", blob));
    }

    private static byte[] digest(String algorithm, byte[] blob) {
        try {
            return MessageDigest.getInstance(algorithm).digest(blob);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }
}
