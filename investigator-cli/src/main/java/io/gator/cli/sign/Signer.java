package io.gator.cli.sign;

import java.util.Optional;

/** Makes MIG's de-armored detached signature over bytes with the investigator's key. */
@FunctionalInterface
public interface Signer {
    String sign(byte[] data) throws Exception;

    /** The key's fingerprint when known (to recognise the caller's own investigator). */
    default Optional<String> fingerprint() {
        return Optional.empty();
    }
}
