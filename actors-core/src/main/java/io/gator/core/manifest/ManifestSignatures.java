package io.gator.core.manifest;

import io.gator.core.sign.SignatureException;
import io.gator.core.sign.SignatureVerifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The loader's rule for a manifest's signatures, as mig-loader applies it: every signature must verify over
 * {@link Manifest#signedString()} against the loader's own keyring (one by an unknown key fails the whole
 * manifest rather than counting as invalid), one key may sign once, and at least {@code required} must be there.
 */
public final class ManifestSignatures {
    private ManifestSignatures() {}

    /**
     * @return the signers' fingerprints in signature order
     * @throws InvalidManifestException with mig-loader's wording when the rule is not met
     */
    public static List<String> verify(Manifest manifest, SignatureVerifier verifier, int required) {
        if (required < 1) {
            throw new IllegalArgumentException("at least one signature must be required");
        }
        List<String> signers = validSigners(manifest, verifier);
        requireCount(signers.size(), required);
        return signers;
    }

    /**
     * The first half of the rule, for a loader that reports the count before judging it (mig-loader logs
     * "N valid signatures in manifest" first): every signature verifies, one per key.
     *
     * @return the signers' fingerprints in signature order (empty when the manifest carries no signature)
     * @throws InvalidManifestException when one signature does not verify or a key signed twice
     */
    public static List<String> validSigners(Manifest manifest, SignatureVerifier verifier) {
        byte[] data = manifest.signedString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Set<String> signers = new LinkedHashSet<>();
        for (String sig : manifest.signatures()) {
            String fp;
            try {
                fp = verifier.verify(data, sig);
            } catch (SignatureException e) {
                throw new InvalidManifestException("manifest signature does not verify: " + e.getMessage(), e);
            }
            if (!signers.add(fp)) {
                throw new InvalidManifestException("duplicate signature for fingerprint " + fp);
            }
        }
        return new ArrayList<>(signers);
    }

    /** The second half: at least {@code required} valid signatures, else mig-loader's refusal. */
    public static void requireCount(int valid, int required) {
        if (valid < required) {
            throw new InvalidManifestException("Not enough valid signatures (got " + valid + ", need "
                    + required + "), rejecting");
        }
    }
}
