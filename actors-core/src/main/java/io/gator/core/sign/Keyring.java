package io.gator.core.sign;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable set of investigators' OpenPGP public keys, indexed by the key ID of every key that
 * may make signatures (primary keys, and subkeys bound to their primary key with a valid binding
 * and back signature). A signer is always named by the fingerprint of the <em>primary</em> key
 * (40 upper-case hex digits), as MIG does. RSA, DSA (GnuPG 1) and EdDSA (legacy algorithm 22 and
 * Ed25519 algorithm 27) keys are accepted.
 */
public final class Keyring {
    private static final Logger log = LoggerFactory.getLogger(Keyring.class);
    private static final Keyring EMPTY = new Keyring(List.of());

    /** A key able to make signatures and the fingerprint of the primary key that owns it. */
    record SigningKey(PGPPublicKey key, String primaryFingerprint) {}

    private final List<PGPPublicKeyRing> rings;
    private final Map<Long, List<SigningKey>> byKeyId;
    private final Map<String, PGPPublicKeyRing> byFingerprint;

    private Keyring(List<PGPPublicKeyRing> rings) {
        Map<String, PGPPublicKeyRing> fps = new LinkedHashMap<>();
        for (PGPPublicKeyRing r : rings) {
            if (isRevoked(r.getPublicKey(), r.getPublicKey(), PGPSignature.KEY_REVOCATION)) {
                log.warn("Ignoring revoked key {}", fingerprint(r.getPublicKey()));
                continue;
            }
            fps.putIfAbsent(fingerprint(r.getPublicKey()), r);
        }
        this.rings = List.copyOf(fps.values());
        this.byFingerprint = Map.copyOf(fps);
        Map<Long, List<SigningKey>> ids = new LinkedHashMap<>();
        for (PGPPublicKeyRing r : this.rings) {
            PGPPublicKey primary = r.getPublicKey();
            String fp = fingerprint(primary);
            ids.computeIfAbsent(primary.getKeyID(), k -> new ArrayList<>()).add(new SigningKey(primary, fp));
            Iterator<PGPPublicKey> it = r.getPublicKeys();
            while (it.hasNext()) {
                PGPPublicKey k = it.next();
                if (!k.isMasterKey() && isBoundSigningSubkey(primary, k)
                        && !isRevoked(primary, k, PGPSignature.SUBKEY_REVOCATION)) {
                    ids.computeIfAbsent(k.getKeyID(), x -> new ArrayList<>()).add(new SigningKey(k, fp));
                }
            }
        }
        Map<Long, List<SigningKey>> frozen = new LinkedHashMap<>();
        ids.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        this.byKeyId = Map.copyOf(frozen);
    }

    /** A keyring with no key: every signature is from an unknown signer. */
    public static Keyring empty() {
        return EMPTY;
    }

    /**
     * Keys from armored or binary public key blocks given as strings (each may hold several keys).
     *
     * @throws IllegalArgumentException naming the entry that holds no readable public key
     */
    public static Keyring ofArmored(Collection<String> armoredKeys) {
        List<PGPPublicKeyRing> all = new ArrayList<>();
        int i = 0;
        for (String a : armoredKeys) {
            List<PGPPublicKeyRing> r = parse(a.getBytes(StandardCharsets.UTF_8));
            if (r.isEmpty()) {
                throw new IllegalArgumentException("public key #" + i + " holds no readable OpenPGP public key");
            }
            all.addAll(r);
            i++;
        }
        return new Keyring(all);
    }

    /** Same as {@link #ofArmored(Collection)} for a few strings. */
    public static Keyring ofArmored(String... armoredKeys) {
        return ofArmored(List.of(armoredKeys));
    }

    /**
     * Keys from one file: armored ({@code .asc}, possibly several concatenated blocks) or a binary
     * keyring ({@code pubring.gpg}, {@code gpg --export} output).
     *
     * @throws IllegalArgumentException when the file holds no readable public key
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Keyring fromFile(Path file) {
        List<PGPPublicKeyRing> r = parse(readAll(file));
        if (r.isEmpty()) {
            throw new IllegalArgumentException("file " + file + " holds no readable OpenPGP public key");
        }
        return new Keyring(r);
    }

    /**
     * Keys from every regular file of a directory (MIG's {@code /etc/mig/agentkeys/}). As MIG does,
     * a file that holds no readable key is skipped with a warning rather than failing the whole
     * keyring.
     *
     * @throws UncheckedIOException when the directory cannot be listed
     */
    public static Keyring fromDirectory(Path dir) {
        List<PGPPublicKeyRing> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                List<PGPPublicKeyRing> r = parse(readAll(f));
                if (r.isEmpty()) {
                    log.warn("Skipping {}: no readable OpenPGP public key in it", f);
                }
                all.addAll(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list key directory " + dir, e);
        }
        return new Keyring(all);
    }

    /** This keyring plus the keys of another one (first one wins on equal fingerprints). */
    public Keyring plus(Keyring other) {
        List<PGPPublicKeyRing> all = new ArrayList<>(rings);
        all.addAll(other.rings);
        return new Keyring(all);
    }

    /** Primary fingerprints of every key, 40 upper-case hex digits, in load order. */
    public List<String> fingerprints() {
        return rings.stream().map(r -> fingerprint(r.getPublicKey())).toList();
    }

    /** Number of primary keys. */
    public int size() {
        return rings.size();
    }

    /** The key ring whose primary key has this fingerprint (case-insensitive, spaces ignored). */
    public Optional<PGPPublicKeyRing> byFingerprint(String fingerprint) {
        return Optional.ofNullable(byFingerprint.get(normalize(fingerprint)));
    }

    /** True when a primary key with this fingerprint is in the keyring (case-insensitive). */
    public boolean contains(String fingerprint) {
        return byFingerprint.containsKey(normalize(fingerprint));
    }

    /**
     * The primary fingerprint owning the signing key with this 64-bit key ID (primary or subkey),
     * if any.
     */
    public Optional<String> fingerprintOfKeyId(long keyId) {
        return signingKeys(keyId).stream().map(SigningKey::primaryFingerprint).findFirst();
    }

    /** The armored public key of a fingerprint, as MIG's API serves it. */
    public Optional<String> armored(String fingerprint) {
        return byFingerprint(fingerprint).map(KeyGen::armor);
    }

    List<SigningKey> signingKeys(long keyId) {
        return byKeyId.getOrDefault(keyId, List.of());
    }

    /** The 40-hex-digit upper-case fingerprint of a key. */
    public static String fingerprint(PGPPublicKey key) {
        return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
    }

    /** A fingerprint in canonical form: upper case, spaces removed. */
    public static String normalize(String fingerprint) {
        return fingerprint.replace(" ", "").toUpperCase(Locale.ROOT);
    }

    /** A key ID as 16 upper-case hex digits, as gpg prints it. */
    public static String keyIdHex(long keyId) {
        return String.format("%016X", keyId);
    }

    static List<PGPPublicKeyRing> parse(byte[] data) {
        List<PGPPublicKeyRing> out = new ArrayList<>();
        String text = new String(data, StandardCharsets.ISO_8859_1);
        String marker = "-----BEGIN PGP";
        int at = text.indexOf(marker);
        if (at < 0) {
            out.addAll(parseStream(new ByteArrayInputStream(data)));
            return out;
        }
        // BC's armored stream stops at the first END line: read each armored block on its own.
        while (at >= 0) {
            int next = text.indexOf(marker, at + marker.length());
            String block = next < 0 ? text.substring(at) : text.substring(at, next);
            try {
                out.addAll(parseStream(new ArmoredInputStream(
                        new ByteArrayInputStream(block.getBytes(StandardCharsets.ISO_8859_1)))));
            } catch (IOException e) {
                log.debug("unreadable armored block", e);
            }
            at = next;
        }
        return out;
    }

    private static List<PGPPublicKeyRing> parseStream(InputStream in) {
        List<PGPPublicKeyRing> out = new ArrayList<>();
        BcPGPObjectFactory f = new BcPGPObjectFactory(in);
        Object o;
        while ((o = nextOrNull(f)) != null) {
            if (o instanceof PGPPublicKeyRing r) {
                out.add(r);
            } else if (o instanceof PGPSecretKeyRing s) {
                out.add(publicOf(s));
            }
        }
        return out;
    }

    private static Object nextOrNull(BcPGPObjectFactory f) {
        try {
            return f.nextObject();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static PGPPublicKeyRing publicOf(PGPSecretKeyRing s) {
        List<PGPPublicKey> keys = new ArrayList<>();
        s.getPublicKeys().forEachRemaining(keys::add);
        return new PGPPublicKeyRing(keys);
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
    }

    /** True when the primary key made a valid revocation of {@code key} (itself or a subkey). */
    private static boolean isRevoked(PGPPublicKey primary, PGPPublicKey key, int type) {
        BcPGPContentVerifierBuilderProvider provider = new BcPGPContentVerifierBuilderProvider();
        Iterator<PGPSignature> sigs = key.getSignaturesOfType(type);
        while (sigs.hasNext()) {
            PGPSignature rev = sigs.next();
            try {
                if (rev.getKeyID() != primary.getKeyID()) {
                    continue; // designated revokers are not supported: ignore rather than trust
                }
                rev.init(provider, primary);
                boolean valid = type == PGPSignature.KEY_REVOCATION
                        ? rev.verifyCertification(key) : rev.verifyCertification(primary, key);
                if (valid) {
                    return true;
                }
            } catch (PGPException | RuntimeException e) {
                log.debug("unusable revocation on key {}", keyIdHex(key.getKeyID()), e);
            }
        }
        return false;
    }

    /**
     * A subkey may sign for its primary only if the primary bound it (0x18) for signing and the
     * subkey signed back (0x19): otherwise anyone could claim someone else's subkey.
     */
    private static boolean isBoundSigningSubkey(PGPPublicKey primary, PGPPublicKey sub) {
        BcPGPContentVerifierBuilderProvider provider = new BcPGPContentVerifierBuilderProvider();
        Iterator<PGPSignature> sigs = sub.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
        while (sigs.hasNext()) {
            PGPSignature binding = sigs.next();
            try {
                if (binding.getKeyID() != primary.getKeyID()) {
                    continue;
                }
                binding.init(provider, primary);
                if (!binding.verifyCertification(primary, sub)) {
                    continue;
                }
                PGPSignatureSubpacketVector hashed = binding.getHashedSubPackets();
                if (hashed == null || (hashed.getKeyFlags() & KeyFlags.SIGN_DATA) == 0) {
                    continue;
                }
                if (hasValidBackSignature(primary, sub, hashed, binding.getUnhashedSubPackets(), provider)) {
                    return true;
                }
            } catch (PGPException | RuntimeException e) {
                log.debug("unusable binding for subkey {}", keyIdHex(sub.getKeyID()), e);
            }
        }
        return false;
    }

    private static boolean hasValidBackSignature(PGPPublicKey primary, PGPPublicKey sub,
            PGPSignatureSubpacketVector hashed, PGPSignatureSubpacketVector unhashed,
            BcPGPContentVerifierBuilderProvider provider) {
        for (PGPSignatureSubpacketVector v : new PGPSignatureSubpacketVector[] {hashed, unhashed}) {
            if (v == null) {
                continue;
            }
            try {
                PGPSignatureList embedded = v.getEmbeddedSignatures();
                for (PGPSignature back : embedded) {
                    if (back.getSignatureType() != PGPSignature.PRIMARYKEY_BINDING) {
                        continue;
                    }
                    back.init(provider, sub);
                    if (back.verifyCertification(primary, sub)) {
                        return true;
                    }
                }
            } catch (PGPException | RuntimeException e) {
                log.debug("unusable back signature for subkey {}", keyIdHex(sub.getKeyID()), e);
            }
        }
        return false;
    }
}
