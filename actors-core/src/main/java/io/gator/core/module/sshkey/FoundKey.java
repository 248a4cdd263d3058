package io.gator.core.module.sshkey;

/**
 * One key the sshkey module found: where, what kind, and its fingerprints (empty when the key is encrypted).
 *
 * @param type {@code private}, {@code public} or {@code authorizedkeys}
 */
public record FoundKey(String fingerprintMd5, String fingerprintSha256, String path, boolean encrypted, String type) {
    public static final String PRIVATE = "private";
    public static final String PUBLIC = "public";
    public static final String AUTHORIZED = "authorizedkeys";

    public FoundKey {
        fingerprintMd5 = fingerprintMd5 == null ? "" : fingerprintMd5;
        fingerprintSha256 = fingerprintSha256 == null ? "" : fingerprintSha256;
        path = path == null ? "" : path;
        type = type == null ? "" : type;
    }
}
