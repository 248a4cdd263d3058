package io.gator.core.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.action.SignedString;
import io.gator.core.sign.SignatureException.Kind;
import io.gator.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signatures cross between Gator (Bouncy Castle) and the real GnuPG, both ways. */
@TestInstance(Lifecycle.PER_CLASS)
class GpgInteropTest {
    GpgHome gpg;
    final Map<String, String> fprByAlgo = new java.util.HashMap<>();
    String subkeyFpr;
    byte[] canonical;

    @BeforeAll
    void keys() throws Exception {
        gpg = new GpgHome();
        for (String algo : List.of("rsa2048", "rsa4096", "ed25519", "dsa2048")) {
            fprByAlgo.put(algo, gpg.genKey("Gator " + algo + " <" + algo + "@test>", algo));
        }
        // GnuPG 1 style: DSA primary for signing, ElGamal subkey for encryption.
        gpg.ok(null, "--quick-add-key", fprByAlgo.get("dsa2048"), "elg1024", "encr", "never");
        // A certify-only primary with an Ed25519 signing subkey: gpg signs with the subkey.
        gpg.ok(null, "--quick-gen-key", "Gator subkey <sub@test>", "ed25519", "cert", "never");
        subkeyFpr = gpg.fingerprintOf("sub@test");
        gpg.ok(null, "--quick-add-key", subkeyFpr, "ed25519", "sign", "never");
        canonical = SignedString.ofJson(Fixtures.read("mig-wire/signed/file-hostname.json"))
                .getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    void cleanup() throws Exception {
        gpg.close();
    }

    private PgpVerifier verifierFor(String fpr) throws Exception {
        return new PgpVerifier(Keyring.ofArmored(gpg.exportPublic(fpr)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa2048", "rsa4096", "ed25519", "dsa2048"})
    void gpgSignatureOverCanonicalActionVerifiesInGator(String algo) throws Exception {
        String fpr = fprByAlgo.get(algo);
        String sig = Armor.dearmor(gpg.detachSign(fpr, canonical));
        assertEquals(fpr, verifierFor(fpr).verify(canonical, sig));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa2048", "rsa4096", "ed25519", "dsa2048"})
    void gatorSignatureWithGpgExportedSecretKeyVerifiesInGpg(String algo) throws Exception {
        String fpr = fprByAlgo.get(algo);
        PgpSigner signer = PgpSigner.fromArmoredSecretKey(gpg.exportSecret(fpr), new char[0]);
        assertEquals(fpr, signer.fingerprint());
        String sig = signer.sign(canonical);
        assertEquals(fpr, gpg.verify(Armor.armor(sig), canonical));
        byte[] changed = canonical.clone();
        changed[changed.length / 2] ^= 1;
        assertNull(gpg.verify(Armor.armor(sig), changed), "gpg accepted a tampered string");
    }

    @Test
    void gatorGeneratedKeysSignForGpg() throws Exception {
        for (KeyGen.GeneratedKey key : List.of(KeyGen.rsa("Gen RSA <gen-rsa@test>", 2048),
                KeyGen.ed25519("Gen Ed <gen-ed@test>"))) {
            gpg.importKey(key.armoredPublicKey());
            String sig = PgpSigner.of(key).sign(canonical);
            assertEquals(key.fingerprint(), gpg.verify(Armor.armor(sig), canonical), key.userId());
            assertEquals(key.fingerprint(), new PgpVerifier(key.keyring()).verify(canonical, sig));
        }
    }

    @Test
    void signingSubkeySignatureNamesThePrimaryFingerprint() throws Exception {
        String sig = Armor.dearmor(gpg.detachSign(subkeyFpr, canonical));
        long issuer = PgpVerifier.parse(sig).getKeyID();
        Keyring ring = Keyring.ofArmored(gpg.exportPublic(subkeyFpr));
        assertTrue(issuer != ring.byFingerprint(subkeyFpr).orElseThrow().getPublicKey().getKeyID(),
                "gpg should have signed with the subkey");
        assertEquals(subkeyFpr, new PgpVerifier(ring).verify(canonical, sig));
        assertEquals(Optional.of(subkeyFpr), ring.fingerprintOfKeyId(issuer));
    }

    @Test
    void gpgSignerDelegatesToTheGpgBinary() throws Exception {
        String fpr = fprByAlgo.get("ed25519");
        GpgSigner signer = new GpgSigner("gpg", fpr, fpr, Optional.of(gpg.home),
                List.of("--pinentry-mode", "loopback", "--passphrase", ""), Duration.ofSeconds(60));
        String sig = signer.sign(canonical);
        assertEquals(fpr, verifierFor(fpr).verify(canonical, sig));
        GpgSigner unknown = new GpgSigner("gpg", "0000000000000000", fpr, Optional.of(gpg.home), List.of(),
                Duration.ofSeconds(60));
        SignatureException e = assertThrows(SignatureException.class, () -> unknown.sign(canonical));
        assertEquals(Kind.SIGNING_FAILED, e.kind());
    }

    @Test
    void textModeSignatureAlsoVerifies() throws Exception {
        String fpr = fprByAlgo.get("rsa2048");
        String sig = Armor.dearmor(gpg.detachSign(fpr, canonical, "--textmode"));
        assertEquals(PGPSignature.CANONICAL_TEXT_DOCUMENT, PgpVerifier.parse(sig).getSignatureType());
        assertEquals(fpr, verifierFor(fpr).verify(canonical, sig));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa2048", "ed25519", "dsa2048"})
    void everyByteOfAShortSignedStringAndOfTheSignatureIsProtected(String algo) throws Exception {
        String fpr = fprByAlgo.get(algo);
        PgpVerifier v = verifierFor(fpr);
        byte[] data = "1;2026-11-23T07:11:36Z;28059860795393\n".getBytes(StandardCharsets.US_ASCII);
        String sig = Armor.dearmor(gpg.detachSign(fpr, data));
        assertEquals(fpr, v.verify(data, sig));
        for (int i = 0; i < data.length; i++) {
            byte[] t = data.clone();
            t[i] ^= 0x01;
            int pos = i;
            assertThrows(SignatureException.class, () -> v.verify(t, sig), "data byte " + pos);
        }
        byte[] packets = Armor.decode(sig);
        for (int i = 0; i < packets.length; i++) {
            for (int delta : new int[] {0x01, 0x80}) {
                byte[] t = packets.clone();
                t[i] ^= (byte) delta;
                String forged = Armor.encode(t);
                int pos = i;
                assertThrows(SignatureException.class, () -> v.verify(data, forged), "signature byte " + pos);
            }
        }
    }

    @Test
    void signatureByAKeyOutsideTheKeyringIsUnknownSigner() throws Exception {
        String rsa = fprByAlgo.get("rsa2048");
        String sig = Armor.dearmor(gpg.detachSign(fprByAlgo.get("ed25519"), canonical));
        SignatureException e = assertThrows(SignatureException.class, () -> verifierFor(rsa).verify(canonical, sig));
        assertEquals(Kind.UNKNOWN_SIGNER, e.kind());
        assertTrue(e.getMessage().contains("unknown signer"));
        assertTrue(e.getMessage().contains(fprByAlgo.get("ed25519").substring(24)), e.getMessage());
    }

    @Test
    void binaryKeyringAndDirectoryOfArmoredFilesLoadAllKeys() throws Exception {
        java.nio.file.Path bin = gpg.home.resolve("export.gpg");
        gpg.ok(null, "--output", bin.toString(), "--export");
        Keyring fromBinary = Keyring.fromFile(bin);
        for (String fpr : fprByAlgo.values()) {
            assertTrue(fromBinary.contains(fpr), fpr);
        }
        java.nio.file.Path dir = java.nio.file.Files.createDirectory(gpg.home.resolve("agentkeys"));
        for (var e : fprByAlgo.entrySet()) {
            java.nio.file.Files.writeString(dir.resolve(e.getKey() + ".asc"), gpg.exportPublic(e.getValue()));
        }
        java.nio.file.Files.writeString(dir.resolve("garbage.asc"), "not a key");
        Keyring fromDir = Keyring.fromDirectory(dir);
        assertEquals(4, fromDir.size());
        assertNotNull(fromDir.byFingerprint(fprByAlgo.get("rsa4096").toLowerCase()).orElse(null));
        // One armored file holding several concatenated blocks.
        java.nio.file.Path concat = gpg.home.resolve("all.asc");
        java.nio.file.Files.writeString(concat, gpg.exportPublic(fprByAlgo.get("rsa2048"))
                + gpg.exportPublic(fprByAlgo.get("ed25519")));
        assertEquals(2, Keyring.fromFile(concat).size());
    }

    @Test
    void revokedKeyIsDroppedFromTheKeyring() throws Exception {
        String fpr = gpg.genKey("Gator revoked <revoked@test>", "ed25519");
        String sig = Armor.dearmor(gpg.detachSign(fpr, canonical));
        assertEquals(fpr, verifierFor(fpr).verify(canonical, sig));
        // gpg keeps a ready revocation certificate, its armor line guarded by a leading ':'.
        String cert = java.nio.file.Files.readString(gpg.home.resolve("openpgp-revocs.d/" + fpr + ".rev"));
        gpg.importKey(cert.substring(cert.indexOf(":-----BEGIN") + 1));
        Keyring ring = Keyring.ofArmored(gpg.exportPublic(fpr));
        assertEquals(0, ring.size());
        assertEquals(Kind.UNKNOWN_SIGNER, assertThrows(SignatureException.class,
                () -> new PgpVerifier(ring).verify(canonical, sig)).kind());
    }
}
