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
        if (signers.size() < required) {
            throw new InvalidManifestException("Not enough valid signatures (got " + signers.size() + ", need "
                    + required + "), rejecting");
        }
        return new ArrayList<>(signers);
    }
}
