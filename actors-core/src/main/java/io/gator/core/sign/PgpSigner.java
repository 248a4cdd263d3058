package io.gator.core.sign;

import io.gator.core.sign.SignatureException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * Signs with a secret key held in memory (Bouncy Castle). Produces what MIG's Go client produces:
 * a v4 binary-document (0x00) signature, SHA-256, with creation time, issuer key ID and issuer
 * fingerprint in the hashed area, de-armored. Thread-safe.
 */
public final class PgpSigner implements Signer {
    private final PGPPrivateKey privateKey;
    private final PGPPublicKey publicKey;
    private final String fingerprint;

    private PgpSigner(PGPPrivateKey privateKey, PGPPublicKey publicKey, String fingerprint) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.fingerprint = fingerprint;
    }

    /**
     * A signer from an armored (or binary) secret key block, unlocking its signing key with the
     * passphrase (empty for an unprotected key). The primary key signs when it can; otherwise the
     * first signing subkey.
     *
     * @throws SignatureException SIGNING_FAILED when the block has no usable signing key or the
     *     passphrase is wrong
     */
    public static PgpSigner fromArmoredSecretKey(String armoredSecretKey, char[] passphrase)
            throws SignatureException {
        PGPSecretKeyRing ring = readSecretRing(armoredSecretKey);
        String fp = Keyring.fingerprint(ring.getPublicKey());
        List<PGPSecretKey> candidates = new ArrayList<>();
        Iterator<PGPSecretKey> it = ring.getSecretKeys();
        while (it.hasNext()) {
            PGPSecretKey k = it.next();
            if (k.isSigningKey() && !k.isPrivateKeyEmpty() && canSign(k.getPublicKey())) {
                candidates.add(k);
            }
        }
        if (candidates.isEmpty()) {
            throw new SignatureException(Kind.SIGNING_FAILED, "secret key " + fp + " has no usable signing key");
        }
        PGPSecretKey chosen = candidates.get(0);
        try {
            PGPPrivateKey priv = chosen.extractPrivateKey(
                    new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(passphrase));
            return new PgpSigner(priv, chosen.getPublicKey(), fp);
        } catch (PGPException e) {
            throw new SignatureException(Kind.SIGNING_FAILED,
                    "cannot unlock secret key " + fp + " (wrong passphrase?): " + e.getMessage(), e);
        }
    }

    /** A signer for a key pair made by {@link KeyGen}. */
    public static PgpSigner of(KeyGen.GeneratedKey key) throws SignatureException {
        return fromArmoredSecretKey(key.armoredSecretKey(), new char[0]);
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String sign(byte[] data) throws SignatureException {
        try {
            PGPSignatureGenerator gen = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA256), publicKey);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setSignatureCreationTime(false, new Date());
            hashed.setIssuerFingerprint(false, publicKey);
            hashed.setIssuerKeyID(false, publicKey.getKeyID());
            gen.setHashedSubpackets(hashed.generate());
            gen.init(PGPSignature.BINARY_DOCUMENT, privateKey);
            gen.update(data);
            return Armor.encode(gen.generate().getEncoded());
        } catch (PGPException | IOException e) {
            throw new SignatureException(Kind.SIGNING_FAILED, "signing with " + fingerprint + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static boolean canSign(PGPPublicKey key) {
        // Respect key flags when the self-signature states them; old keys without flags may sign.
        Optional<Integer> flags = keyFlags(key);
        return flags.isEmpty() || (flags.get() & KeyFlags.SIGN_DATA) != 0;
    }

    private static Optional<Integer> keyFlags(PGPPublicKey key) {
        Iterator<PGPSignature> sigs = key.getSignatures();
        while (sigs.hasNext()) {
            PGPSignatureSubpacketVector v = sigs.next().getHashedSubPackets();
            if (v != null && v.getKeyFlags() != 0) {
                return Optional.of(v.getKeyFlags());
            }
        }
        return Optional.empty();
    }

    private static PGPSecretKeyRing readSecretRing(String armored) throws SignatureException {
        Objects.requireNonNull(armored, "armoredSecretKey");
        try {
            BcPGPObjectFactory f = new BcPGPObjectFactory(PGPUtil.getDecoderStream(
                    new ByteArrayInputStream(armored.getBytes(StandardCharsets.UTF_8))));
            Object o;
            while ((o = f.nextObject()) != null) {
                if (o instanceof PGPSecretKeyRing r) {
                    return r;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new SignatureException(Kind.SIGNING_FAILED, "unreadable secret key: " + e.getMessage(), e);
        }
        throw new SignatureException(Kind.SIGNING_FAILED, "no OpenPGP secret key found in the given text");
    }
}
