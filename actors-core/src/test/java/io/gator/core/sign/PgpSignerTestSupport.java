package io.gator.core.sign;

final class PgpSignerTestSupport {
    private PgpSignerTestSupport() {}

    /** The 64-bit key ID of a generated key (low 8 bytes of its v4 fingerprint). */
    static long keyId(KeyGen.GeneratedKey k) {
        return java.util.HexFormat.fromHexDigitsToLong(k.fingerprint().substring(24));
    }
}
