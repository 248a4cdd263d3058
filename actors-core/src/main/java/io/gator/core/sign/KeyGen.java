package io.gator.core.sign;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRing;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * Throw-away OpenPGP v4 key pairs for tests and the embedded mode (single primary key that
 * certifies and signs, secret key unprotected). Not for long-lived investigator keys: use GnuPG.
 */
public final class KeyGen {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyGen() {}

    /** A generated key: armored public and secret key blocks and the primary fingerprint. */
    public record GeneratedKey(String userId, String fingerprint, String armoredPublicKey, String armoredSecretKey) {
        /** A keyring holding only this public key. */
        public Keyring keyring() {
            return Keyring.ofArmored(armoredPublicKey);
        }
    }

    /** An RSA key pair of {@code bits} bits (2048 or more). */
    public static GeneratedKey rsa(String userId, int bits) {
        if (bits < 2048) {
            throw new IllegalArgumentException("RSA keys need at least 2048 bits, got " + bits);
        }
        RSAKeyPairGenerator g = new RSAKeyPairGenerator();
        g.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), RANDOM, bits, 100));
        return build(userId, PublicKeyAlgorithmTags.RSA_GENERAL, g.generateKeyPair());
    }

    /** An Ed25519 key pair in the EdDSA legacy form (algorithm 22), as GnuPG 2 makes by default. */
    public static GeneratedKey ed25519(String userId) {
        Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
        g.init(new Ed25519KeyGenerationParameters(RANDOM));
        return build(userId, PublicKeyAlgorithmTags.EDDSA_LEGACY, g.generateKeyPair());
    }

    private static GeneratedKey build(String userId, int algorithm, AsymmetricCipherKeyPair kp) {
        try {
            // One second in the past: a signature made right away must not predate its key.
            PGPKeyPair pair = new BcPGPKeyPair(algorithm, kp, new Date(System.currentTimeMillis() - 1000));
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setKeyFlags(false, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            hashed.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA512});
            PGPKeyRingGenerator gen = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId,
                    new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), hashed.generate(), null,
                    new BcPGPContentSignerBuilder(algorithm, HashAlgorithmTags.SHA256), null);
            PGPSecretKeyRing secret = gen.generateSecretKeyRing();
            PGPPublicKeyRing pub = gen.generatePublicKeyRing();
            return new GeneratedKey(userId, Keyring.fingerprint(pub.getPublicKey()), armor(pub), armor(secret));
        } catch (PGPException e) {
            throw new IllegalStateException("key generation failed: " + e.getMessage(), e);
        }
    }

    /** The ASCII-armored form of a key ring. */
    static String armor(PGPKeyRing ring) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream out = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
            ring.encode(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
