package io.gator.api.auth;

import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.util.encoders.Hex;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads an investigator's armored public key as MIG does: exactly one key, identified by its fingerprint. */
public final class PublicKeys {
    private PublicKeys() {}

    /** The upper-case hex fingerprint of the single primary key in {@code armored}. */
    public static String fingerprint(String armored) {
        if (armored == null || armored.isBlank()) {
            throw new IllegalArgumentException("public key is empty");
        }
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        try {
            PGPPublicKeyRingCollection c = new PGPPublicKeyRingCollection(
                    PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.UTF_8))),
                    new JcaKeyFingerprintCalculator());
            c.getKeyRings().forEachRemaining(rings::add);
        } catch (IOException | PGPException | RuntimeException e) {
            throw new IllegalArgumentException("public key is not a readable OpenPGP public key: " + e.getMessage());
        }
        if (rings.size() != 1) {
            throw new IllegalArgumentException("public key must hold exactly one key, found " + rings.size());
        }
        return Hex.toHexString(rings.get(0).getPublicKey().getFingerprint()).toUpperCase(Locale.ROOT);
    }
}
