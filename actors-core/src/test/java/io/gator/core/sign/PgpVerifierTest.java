package io.gator.core.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.action.Action;
import io.gator.core.json.MigJson;
import io.gator.core.sign.SignatureException.Kind;
import io.gator.core.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PgpVerifierTest {
    static KeyGen.GeneratedKey rsa;
    static KeyGen.GeneratedKey ed;
    static Action unsigned;

    @BeforeAll
    static void keys() {
        rsa = KeyGen.rsa("Rsa <rsa@test>", 2048);
        ed = KeyGen.ed25519("Ed <ed@test>");
        unsigned = MigJson.read(Fixtures.read("mig-wire/signed/file-hostname.json"), Action.class)
                .withSignatures(List.of());
    }

    static PgpVerifier both() {
        return new PgpVerifier(Keyring.ofArmored(rsa.armoredPublicKey(), ed.armoredPublicKey()));
    }

    @Test
    void multiSignedActionReturnsEverySignerInOrder() throws Exception {
        Action signed = PgpSigner.of(ed).signAction(PgpSigner.of(rsa).signAction(unsigned));
        assertEquals(List.of(rsa.fingerprint(), ed.fingerprint()), both().verifyAction(signed));
    }

    @Test
    void twoSignaturesFromTheSameKeyAreAnError() throws Exception {
        PgpSigner s = PgpSigner.of(rsa);
        Action twice = s.signAction(s.signAction(unsigned));
        SignatureException e = assertThrows(SignatureException.class, () -> both().verifyAction(twice));
        assertEquals(Kind.DUPLICATE_SIGNER, e.kind());
        assertTrue(e.getMessage().contains(rsa.fingerprint()), e.getMessage());
    }

    @Test
    void actionWithoutSignatureIsRefused() {
        assertEquals(Kind.NO_SIGNATURE, assertThrows(SignatureException.class, () -> both().verifyAction(unsigned)).kind());
    }

    @Test
    void oneUnknownSignerFailsTheWholeActionAndNamesTheSignatureIndex() throws Exception {
        Action signed = PgpSigner.of(ed).signAction(PgpSigner.of(rsa).signAction(unsigned));
        SignatureException e = assertThrows(SignatureException.class,
                () -> new PgpVerifier(rsa.keyring()).verifyAction(signed));
        assertEquals(Kind.UNKNOWN_SIGNER, e.kind());
        assertTrue(e.getMessage().startsWith("signature 1: unknown signer"), e.getMessage());
    }

    @Test
    void signatureOverOtherDataIsBadSignature() throws Exception {
        String sig = PgpSigner.of(ed).sign("one");
        SignatureException e = assertThrows(SignatureException.class, () -> both().verify("two", sig));
        assertEquals(Kind.BAD_SIGNATURE, e.kind());
        assertTrue(e.getMessage().contains(ed.fingerprint()), e.getMessage());
    }

    @Test
    void gatorSignatureHasMigShape() throws Exception {
        var sig = PgpVerifier.parse(PgpSigner.of(rsa).sign("x"));
        assertEquals(4, sig.getVersion());
        assertEquals(0x00, sig.getSignatureType());
        assertEquals(8, sig.getHashAlgorithm()); // SHA-256
        var hashed = sig.getHashedSubPackets();
        assertTrue(hashed.getSignatureCreationTime() != null);
        assertEquals(PgpSignerTestSupport.keyId(rsa), hashed.getIssuerKeyID());
        assertEquals(rsa.fingerprint(), java.util.HexFormat.of().withUpperCase()
                .formatHex(hashed.getIssuerFingerprint().getFingerprint()));
    }

    @Test
    void keyringLooksUpByFingerprintAndKeyId() {
        Keyring k = both().keyring();
        assertEquals(2, k.size());
        assertEquals(List.of(rsa.fingerprint(), ed.fingerprint()), k.fingerprints());
        assertTrue(k.contains(rsa.fingerprint().toLowerCase()));
        assertEquals(java.util.Optional.of(rsa.fingerprint()), k.fingerprintOfKeyId(PgpSignerTestSupport.keyId(rsa)));
        assertTrue(k.armored(ed.fingerprint()).orElseThrow().contains("BEGIN PGP PUBLIC KEY BLOCK"));
        assertThrows(IllegalArgumentException.class, () -> Keyring.ofArmored("garbage"));
    }

    @Test
    void wrongPassphraseOrMissingSecretKeyIsASigningFailure() {
        assertEquals(Kind.SIGNING_FAILED, assertThrows(SignatureException.class,
                () -> PgpSigner.fromArmoredSecretKey(rsa.armoredPublicKey(), new char[0])).kind());
    }
}
