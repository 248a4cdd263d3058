package io.gator.core.sign;

import io.gator.core.action.Action;
import io.gator.core.action.SignedString;
import io.gator.core.sign.SignatureException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Verifies MIG de-armored detached signatures (binary 0x00 or text 0x01) with Bouncy Castle
 * against a {@link Keyring}. Immutable and thread-safe; build a new one when the keyring changes.
 */
public final class PgpVerifier implements SignatureVerifier {
    private final Keyring keyring;

    public PgpVerifier(Keyring keyring) {
        this.keyring = Objects.requireNonNull(keyring);
    }

    /** The keyring signatures are checked against. */
    public Keyring keyring() {
        return keyring;
    }

    @Override
    public String verify(byte[] data, String dearmoredSignature) throws SignatureException {
        PGPSignature sig = parse(dearmoredSignature);
        long keyId = issuerKeyId(sig);
        List<Keyring.SigningKey> candidates = keyring.signingKeys(keyId);
        if (candidates.isEmpty()) {
            throw new SignatureException(Kind.UNKNOWN_SIGNER,
                    "unknown signer: no key with id " + Keyring.keyIdHex(keyId) + " in the keyring");
        }
        BcPGPContentVerifierBuilderProvider provider = new BcPGPContentVerifierBuilderProvider();
        for (Keyring.SigningKey k : candidates) {
            try {
                sig.init(provider, k.key());
                sig.update(data);
                if (sig.verify() && digestPrefixMatches(sig, data)) {
                    checkNotExpired(sig, k.primaryFingerprint());
                    return k.primaryFingerprint();
                }
            } catch (PGPException | RuntimeException e) {
                // A key of another algorithm under a colliding key ID: try the next one.
            }
        }
        throw new SignatureException(Kind.BAD_SIGNATURE, "bad signature: signature by key "
                + Keyring.keyIdHex(keyId) + " (" + candidates.get(0).primaryFingerprint()
                + ") does not verify over the signed data");
    }

    @Override
    public List<String> verifyAction(Action action) throws SignatureException {
        List<String> sigs = action.pgpSignatures();
        if (sigs.isEmpty()) {
            throw new SignatureException(Kind.NO_SIGNATURE, "action has no signature");
        }
        byte[] data = SignedString.of(action).getBytes(StandardCharsets.UTF_8);
        List<String> signers = new ArrayList<>(sigs.size());
        for (int i = 0; i < sigs.size(); i++) {
            String fp;
            try {
                fp = verify(data, sigs.get(i));
            } catch (SignatureException e) {
                throw new SignatureException(e.kind(), "signature " + i + ": " + e.getMessage(), e);
            }
            if (signers.contains(fp)) {
                throw new SignatureException(Kind.DUPLICATE_SIGNER,
                        "signature " + i + ": key " + fp + " signed the action more than once");
            }
            signers.add(fp);
        }
        return List.copyOf(signers);
    }

    /** A signature with an expiration time subpacket is refused once it has expired. */
    private static void checkNotExpired(PGPSignature sig, String fingerprint) throws SignatureException {
        var hashed = sig.getHashedSubPackets();
        long seconds = hashed == null ? 0 : hashed.getSignatureExpirationTime();
        if (seconds > 0 && sig.getCreationTime().toInstant().plusSeconds(seconds).isBefore(java.time.Instant.now())) {
            throw new SignatureException(Kind.BAD_SIGNATURE, "bad signature: signature by " + fingerprint
                    + " expired at " + sig.getCreationTime().toInstant().plusSeconds(seconds));
        }
    }

    /**
     * OpenPGP signatures carry the first two bytes of the signed hash in clear. Bouncy Castle does
     * not compare them, Go's x/crypto does: a signature whose prefix was altered must fail here too.
     */
    private static boolean digestPrefixMatches(PGPSignature sig, byte[] data) throws PGPException {
        PGPDigestCalculator calc = new BcPGPDigestCalculatorProvider().get(sig.getHashAlgorithm());
        try (OutputStream out = calc.getOutputStream()) {
            out.write(sig.getSignatureType() == PGPSignature.CANONICAL_TEXT_DOCUMENT ? canonicalText(data) : data);
            out.write(sig.getSignatureTrailer());
        } catch (IOException e) {
            throw new PGPException("digest failed", e);
        }
        byte[] digest = calc.getDigest();
        byte[] prefix = sig.getDigestPrefix();
        return prefix != null && prefix.length == 2 && digest[0] == prefix[0] && digest[1] == prefix[1];
    }

    /** Text-mode signatures hash lines ending in CR LF whatever the data uses. */
    private static byte[] canonicalText(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 16);
        for (int i = 0; i < data.length; i++) {
            byte b = data[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < data.length && data[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** The single signature packet of a de-armored signature. */
    static PGPSignature parse(String dearmored) throws SignatureException {
        byte[] bytes = Armor.decode(dearmored);
        int header = checkSinglePacket(bytes);
        Object first;
        Object extra;
        try {
            BcPGPObjectFactory f = new BcPGPObjectFactory(bytes);
            first = f.nextObject();
            extra = f.nextObject();
        } catch (IOException | RuntimeException e) {
            throw new SignatureException(Kind.MALFORMED,
                    "malformed signature: not an OpenPGP signature packet (" + e.getMessage() + ")", e);
        }
        if (!(first instanceof PGPSignatureList list) || list.size() != 1 || extra != null) {
            throw new SignatureException(Kind.MALFORMED,
                    "malformed signature: expected exactly one OpenPGP signature packet");
        }
        PGPSignature sig = list.get(0);
        int type = sig.getSignatureType();
        if (type != PGPSignature.BINARY_DOCUMENT && type != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
            throw new SignatureException(Kind.MALFORMED, String.format(
                    "malformed signature: type 0x%02X is not a document signature (0x00 or 0x01)", type));
        }
        int hash = sig.getHashAlgorithm();
        if (hash == HashAlgorithmTags.MD5 || hash == HashAlgorithmTags.RIPEMD160) {
            throw new SignatureException(Kind.MALFORMED,
                    "malformed signature: hash algorithm " + hash + " is too weak");
        }
        checkHashedAreaIsVerbatim(sig, bytes, header);
        checkCanonicalEncoding(sig, bytes, header);
        return sig;
    }

    /**
     * Bouncy Castle hashes its own re-encoding of the hashed subpackets, so a packet whose subpacket
     * bytes were altered but parse alike would still verify. Require the hashed part of the packet
     * to be exactly what is hashed.
     */
    private static void checkHashedAreaIsVerbatim(PGPSignature sig, byte[] packet, int header)
            throws SignatureException {
        if (sig.getVersion() != 4) {
            throw new SignatureException(Kind.MALFORMED,
                    "malformed signature: version " + sig.getVersion() + " (only v4 is accepted)");
        }
        byte[] trailer = sig.getSignatureTrailer();
        int hashedLen = trailer.length - 6; // trailer = hashed part + 0x04 0xFF + 4-byte length
        if (hashedLen < 6 || header + hashedLen > packet.length
                || !Arrays.equals(trailer, 0, hashedLen, packet, header, header + hashedLen)) {
            throw new SignatureException(Kind.MALFORMED,
                    "malformed signature: hashed subpackets are not canonically encoded");
        }
    }

    /**
     * The data must be exactly one signature packet whose header length matches the data: Bouncy
     * Castle reads a packet whose declared length overruns the data without complaint, Go does not.
     */
    private static int checkSinglePacket(byte[] b) throws SignatureException {
        if (b.length < 2 || (b[0] & 0x80) == 0) {
            throw new SignatureException(Kind.MALFORMED, "malformed signature: not an OpenPGP packet");
        }
        int tag;
        long header;
        long body;
        if ((b[0] & 0x40) != 0) { // new format
            tag = b[0] & 0x3f;
            int l0 = b[1] & 0xff;
            if (l0 < 192) {
                header = 2;
                body = l0;
            } else if (l0 < 224) {
                if (b.length < 3) {
                    throw new SignatureException(Kind.MALFORMED, "malformed signature: truncated packet header");
                }
                header = 3;
                body = ((l0 - 192L) << 8) + (b[2] & 0xff) + 192;
            } else if (l0 == 255) {
                if (b.length < 6) {
                    throw new SignatureException(Kind.MALFORMED, "malformed signature: truncated packet header");
                }
                header = 6;
                body = ((b[2] & 0xffL) << 24) | ((b[3] & 0xffL) << 16) | ((b[4] & 0xffL) << 8) | (b[5] & 0xffL);
            } else {
                throw new SignatureException(Kind.MALFORMED,
                        "malformed signature: partial body lengths are not allowed in a signature packet");
            }
        } else { // old format
            tag = (b[0] >> 2) & 0x0f;
            int type = b[0] & 0x03;
            if (type == 3) {
                header = 1;
                body = b.length - 1L;
            } else {
                int n = 1 << type;
                if (b.length < 1 + n) {
                    throw new SignatureException(Kind.MALFORMED, "malformed signature: truncated packet header");
                }
                header = 1 + n;
                body = 0;
                for (int i = 0; i < n; i++) {
                    body = (body << 8) | (b[1 + i] & 0xff);
                }
            }
        }
        if (tag != 2) {
            throw new SignatureException(Kind.MALFORMED,
                    "malformed signature: packet tag " + tag + " is not a signature (2)");
        }
        if (header + body != b.length) {
            throw new SignatureException(Kind.MALFORMED, "malformed signature: packet length " + body
                    + " does not match the " + (b.length - header) + " bytes present");
        }
        return (int) header;
    }

    /**
     * The unhashed area and the signature values are not covered by the signature; Bouncy Castle
     * tolerates odd encodings there (bad subpacket lengths, trailing bytes). Accept only a packet
     * body that Bouncy Castle writes back identically, so any altered byte is refused.
     */
    private static void checkCanonicalEncoding(PGPSignature sig, byte[] packet, int header)
            throws SignatureException {
        byte[] again;
        try {
            again = sig.getEncoded();
        } catch (IOException e) {
            throw new SignatureException(Kind.MALFORMED, "malformed signature: cannot re-encode", e);
        }
        int againHeader = checkSinglePacket(again);
        if (!sameBody(packet, header, again, againHeader, sig)) {
            throw new SignatureException(Kind.MALFORMED,
                    "malformed signature: packet is not canonically encoded");
        }
    }

    /**
     * Byte-for-byte equality up to the signature values; the MPIs then must hold the same numbers.
     * Go's x/crypto writes RSA values at full key length (leading zero bytes, bit count
     * 8 x bytes) where Bouncy Castle writes them minimal, so only the MPI encoding may differ.
     */
    private static boolean sameBody(byte[] in, int inStart, byte[] out, int outStart, PGPSignature sig) {
        int hashedLen = ((in[inStart + 4] & 0xff) << 8) | (in[inStart + 5] & 0xff);
        int unhashedAt = inStart + 6 + hashedLen;
        if (unhashedAt + 2 > in.length) {
            return false;
        }
        int unhashedLen = ((in[unhashedAt] & 0xff) << 8) | (in[unhashedAt + 1] & 0xff);
        int valuesAt = unhashedAt + 2 + unhashedLen + 2; // + 2 bytes of digest prefix
        int prefixLen = valuesAt - inStart;
        if (valuesAt > in.length || outStart + prefixLen > out.length
                || !Arrays.equals(in, inStart, valuesAt, out, outStart, outStart + prefixLen)) {
            return false;
        }
        if (Arrays.equals(in, valuesAt, in.length, out, outStart + prefixLen, out.length)) {
            return true;
        }
        if (sig.getKeyAlgorithm() == org.bouncycastle.bcpg.PublicKeyAlgorithmTags.Ed25519) {
            return false; // native octet strings, no MPI
        }
        int i = valuesAt;
        int o = outStart + prefixLen;
        while (i < in.length && o < out.length) {
            if (i + 2 > in.length || o + 2 > out.length) {
                return false;
            }
            int inBits = ((in[i] & 0xff) << 8) | (in[i + 1] & 0xff);
            int outBits = ((out[o] & 0xff) << 8) | (out[o + 1] & 0xff);
            int inBytes = (inBits + 7) / 8;
            int outBytes = (outBits + 7) / 8;
            // Exactly BC's encoding, or Go's full-octet form (bit count = 8 x octets, leading zeros).
            boolean goForm = inBits % 8 == 0 && inBits >= outBits;
            if ((inBits != outBits && !goForm) || i + 2 + inBytes > in.length || o + 2 + outBytes > out.length) {
                return false;
            }
            int lead = inBytes - outBytes;
            for (int k = 0; k < lead; k++) {
                if (in[i + 2 + k] != 0) {
                    return false;
                }
            }
            if (!Arrays.equals(in, i + 2 + lead, i + 2 + inBytes, out, o + 2, o + 2 + outBytes)) {
                return false;
            }
            i += 2 + inBytes;
            o += 2 + outBytes;
        }
        return i == in.length && o == out.length;
    }

    /** Every issuer key ID and issuer fingerprint subpacket, hashed or not, must name the same key. */
    private static void checkIssuerConsistency(PGPSignature sig) throws SignatureException {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (var v : new org.bouncycastle.openpgp.PGPSignatureSubpacketVector[] {
                sig.getHashedSubPackets(), sig.getUnhashedSubPackets()}) {
            if (v == null) {
                continue;
            }
            for (var sp : v.getSubpackets(org.bouncycastle.bcpg.SignatureSubpacketTags.ISSUER_KEY_ID)) {
                ids.add(((org.bouncycastle.bcpg.sig.IssuerKeyID) sp).getKeyID());
            }
            for (var sp : v.getSubpackets(org.bouncycastle.bcpg.SignatureSubpacketTags.ISSUER_FINGERPRINT)) {
                byte[] fp = ((IssuerFingerprint) sp).getFingerprint();
                if (fp.length == 20) {
                    ids.add(HexFormat.fromHexDigitsToLong(HexFormat.of().formatHex(fp, 12, 20)));
                }
            }
        }
        if (ids.size() > 1) {
            throw new SignatureException(Kind.MALFORMED,
                    "malformed signature: issuer subpackets name different keys");
        }
        // The unhashed area is not signed: anything but a non-critical issuer hint there is refused.
        if (sig.getUnhashedSubPackets() != null) {
            for (var sp : sig.getUnhashedSubPackets().toArray()) {
                int type = sp.getType();
                if (sp.isCritical() || (type != org.bouncycastle.bcpg.SignatureSubpacketTags.ISSUER_KEY_ID
                        && type != org.bouncycastle.bcpg.SignatureSubpacketTags.ISSUER_FINGERPRINT)) {
                    throw new SignatureException(Kind.MALFORMED, "malformed signature: unsigned subpacket of type "
                            + type + (sp.isCritical() ? " (critical)" : "") + " is not allowed");
                }
            }
        }
        // RFC 4880 5.2.3.1: a critical subpacket we do not understand makes the signature invalid.
        if (sig.getHashedSubPackets() != null) {
            for (var sp : sig.getHashedSubPackets().toArray()) {
                if (sp.isCritical() && !UNDERSTOOD_CRITICAL.contains(sp.getType())) {
                    throw new SignatureException(Kind.MALFORMED,
                            "malformed signature: unsupported critical subpacket of type " + sp.getType());
                }
            }
        }
    }

    private static final java.util.Set<Integer> UNDERSTOOD_CRITICAL = java.util.Set.of(
            org.bouncycastle.bcpg.SignatureSubpacketTags.CREATION_TIME,
            org.bouncycastle.bcpg.SignatureSubpacketTags.EXPIRE_TIME,
            org.bouncycastle.bcpg.SignatureSubpacketTags.ISSUER_KEY_ID,
            org.bouncycastle.bcpg.SignatureSubpacketTags.ISSUER_FINGERPRINT);

    /** The issuer key ID, from the issuer key ID or the issuer fingerprint subpacket. */
    private static long issuerKeyId(PGPSignature sig) throws SignatureException {
        long id = sig.getKeyID();
        checkIssuerConsistency(sig);
        if (id == 0 && sig.getHashedSubPackets() != null) {
            IssuerFingerprint ifp = sig.getHashedSubPackets().getIssuerFingerprint();
            if (ifp != null) {
                byte[] fp = ifp.getFingerprint();
                if (fp.length == 20) {
                    id = HexFormat.fromHexDigitsToLong(HexFormat.of().formatHex(fp, 12, 20));
                }
            }
        }
        if (id == 0) {
            throw new SignatureException(Kind.MALFORMED, "malformed signature: no issuer key ID");
        }
        return id;
    }
}
