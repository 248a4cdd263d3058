package io.gator.core.sign;

import io.gator.core.action.Action;
import io.gator.core.action.SignedString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Makes MIG de-armored detached signatures with one investigator's key. */
public interface Signer {

    /**
     * Signs {@code data} (binary document signature, SHA-256).
     *
     * @return the de-armored signature (base64 body followed by {@code =CRC24})
     * @throws SignatureException SIGNING_FAILED when the key cannot sign
     */
    String sign(byte[] data) throws SignatureException;

    /** The fingerprint of the signer's primary key, 40 upper-case hex digits. */
    String fingerprint();

    /** {@link #sign(byte[])} over the UTF-8 bytes of {@code text}. */
    default String sign(String text) throws SignatureException {
        return sign(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The action with this signer's signature over its {@link SignedString} appended to its signatures. */
    default Action signAction(Action action) throws SignatureException {
        List<String> sigs = new ArrayList<>(action.pgpSignatures());
        sigs.add(sign(SignedString.of(action)));
        return action.withSignatures(sigs);
    }
}
