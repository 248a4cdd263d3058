package io.gator.core.sign;

import io.gator.core.action.Action;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Verifies MIG de-armored detached signatures. Implementations are thread-safe.
 */
public interface SignatureVerifier {

    /**
     * Verifies one de-armored signature over {@code data}.
     *
     * @return the fingerprint (40 upper-case hex digits) of the primary key of the signer
     * @throws SignatureException MALFORMED, UNKNOWN_SIGNER (message contains "unknown signer" and
     *     the key ID) or BAD_SIGNATURE
     */
    String verify(byte[] data, String dearmoredSignature) throws SignatureException;

    /** {@link #verify(byte[], String)} over the UTF-8 bytes of {@code text}. */
    default String verify(String text, String dearmoredSignature) throws SignatureException {
        return verify(text.getBytes(StandardCharsets.UTF_8), dearmoredSignature);
    }

    /**
     * Verifies every entry of {@code action.pgpSignatures()} over
     * {@link io.gator.core.action.SignedString#of(Action)}. All must verify.
     *
     * @return the signers' fingerprints, in signature order, without duplicates
     * @throws SignatureException NO_SIGNATURE when there is none, DUPLICATE_SIGNER when one key
     *     signed twice, or the failure of the first signature that does not verify (its index is in
     *     the message)
     */
    List<String> verifyAction(Action action) throws SignatureException;
}
