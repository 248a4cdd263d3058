package io.gator.core.sign;

import java.util.Objects;

/**
 * A signature could not be made, or did not verify. {@link #kind()} says why, so that callers
 * (agent, API, CLI) can answer differently for an unknown signer and a forged signature.
 */
public class SignatureException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a signature was refused. */
    public enum Kind {
        /** Not a de-armored OpenPGP signature: bad base64, bad or missing CRC24, wrong packet. */
        MALFORMED,
        /** Well formed, but made by a key that is not in the keyring. */
        UNKNOWN_SIGNER,
        /** Made by a known key, but does not verify over the data (tampered data or signature). */
        BAD_SIGNATURE,
        /** An action carries two signatures made by the same key. */
        DUPLICATE_SIGNER,
        /** An action carries no signature at all. */
        NO_SIGNATURE,
        /** Signing failed (bad secret key, wrong passphrase, gpg error). */
        SIGNING_FAILED
    }

    private final Kind kind;

    public SignatureException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind);
    }

    public SignatureException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
    }

    /** The reason for the refusal. */
    public Kind kind() {
        return kind;
    }
}
