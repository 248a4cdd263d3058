package io.gator.cli;

import io.gator.cli.config.MigRc;
import io.gator.cli.sign.Signer;
import io.gator.core.sign.GpgSigner;
import io.gator.core.sign.PgpSigner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The investigator's signer from the .migrc: an armored secret key file read by Bouncy Castle
 * (passphrase from the environment variable the .migrc names), or the local {@code gpg} by key id,
 * so that gpg-agent keeps the passphrase.
 */
final class Signers {
    private Signers() {}

    /**
     * Bouncy Castle's check that an RSA modulus is composite (a Miller-Rabin round: one 2048-bit modular
     * exponentiation, run by the interpreter at start, 20-50 ms of a launch). It guards verifiers against crafted
     * public keys; the CLI only signs, with the investigator's own key, and verifies nothing.
     */
    static final String BC_RSA_MR_TESTS = "org.bouncycastle.rsa.max_mr_tests";

    static Signer fromMigRc(MigRc rc) {
        if (rc.keyFile().isPresent()) {
            if (System.getProperty(BC_RSA_MR_TESTS) == null) {
                System.setProperty(BC_RSA_MR_TESTS, "0");
            }
            Path file = rc.keyFile().get();
            String passphrase = rc.keyPassphraseEnv().map(System::getenv).orElse("");
            try {
                PgpSigner signer = PgpSigner.fromArmoredSecretKey(Problems.readString(file, "key.file in the .migrc"),
                        passphrase.toCharArray());
                return withFingerprint(signer::sign, signer.fingerprint());
            } catch (io.gator.core.sign.SignatureException e) {
                throw new IllegalArgumentException("cannot use secret key " + file + ": " + e.getMessage(), e);
            }
        }
        if (rc.gpgKeyId().isPresent()) {
            String id = rc.gpgKeyId().get();
            GpgSigner gpg = new GpgSigner("gpg", id, id.length() == 40 ? id : "0".repeat(40),
                    rc.gpgHome().map(Path::of), List.of(), Duration.ofMinutes(2));
            return id.length() == 40 ? withFingerprint(gpg::sign, id) : gpg::sign;
        }
        throw new IllegalArgumentException(".migrc names no key: set key.file (HOCON) or [gpg] keyid");
    }

    private static Signer withFingerprint(Signer signer, String fingerprint) {
        return new Signer() {
            @Override
            public String sign(byte[] data) throws Exception {
                return signer.sign(data);
            }

            @Override
            public java.util.Optional<String> fingerprint() {
                return java.util.Optional.of(fingerprint);
            }
        };
    }
}
