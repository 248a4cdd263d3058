package io.gator.agent.module.sshkey;

import io.gator.core.module.sshkey.FoundKey;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.DSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.DSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * The keys of one candidate file, read in MIG's order: a private key (its first PEM block), else, for an
 * {@code authorized_keys} file, every key line, else the file's first public key line. Only fingerprints leave
 * this class, never key material.
 */
final class KeyFileReader {
    private KeyFileReader() {}

    /** The file's keys; an authorized_keys file with a line that is no key adds MIG's one error for the file. */
    static List<FoundKey> read(String path, String fileName, String text, List<String> errors) {
        Optional<FoundKey> priv = privateKey(path, text);
        if (priv.isPresent()) {
            return List.of(priv.get());
        }
        List<FoundKey> keys = new ArrayList<>();
        if (fileName.equals("authorized_keys") || fileName.equals("authorized_keys2")) {
            boolean unparsable = false;
            for (String line : text.split("\n", -1)) {
                if (line.isEmpty()) {
                    continue;
                }
                Optional<byte[]> blob = authorizedKey(line);
                if (blob.isPresent()) {
                    keys.add(found(path, blob.get(), FoundKey.AUTHORIZED));
                } else {
                    unparsable = true;
                }
            }
            if (unparsable) {
                errors.add(path + " contained unparsable data");
            }
            return keys;
        }
        for (String line : text.split("\n", -1)) {
            Optional<byte[]> blob = authorizedKey(line);
            if (blob.isPresent()) {
                return List.of(found(path, blob.get(), FoundKey.PUBLIC));
            }
        }
        return keys;
    }

    private static FoundKey found(String path, byte[] blob, String type) {
        return new FoundKey(Fingerprints.md5(blob), Fingerprints.sha256(blob), path, false, type);
    }

    /** The private key of the file's first PEM block: encrypted (no fingerprints) or with its public key's. */
    static Optional<FoundKey> privateKey(String path, String text) {
        try {
            PemObject pem = new PemReader(new StringReader(text)).readPemObject();
            if (pem == null) {
                return Optional.empty();
            }
            for (Object h : pem.getHeaders()) {
                if (h instanceof PemHeader header && header.getName().equals("Proc-Type")
                        && header.getValue().contains("ENCRYPTED")) {
                    return Optional.of(new FoundKey("", "", path, true, FoundKey.PRIVATE));
                }
            }
            AsymmetricKeyParameter pub;
            if (pem.getType().equals("OPENSSH PRIVATE KEY")) {
                if (cipherOf(pem.getContent()).filter(c -> !c.equals("none")).isPresent()) {
                    return Optional.of(new FoundKey("", "", path, true, FoundKey.PRIVATE));
                }
                pub = publicOf(OpenSSHPrivateKeyUtil.parsePrivateKeyBlob(pem.getContent()));
            } else {
                Object o = new PEMParser(new StringReader(text)).readObject();
                if (o instanceof PEMEncryptedKeyPair) {
                    return Optional.of(new FoundKey("", "", path, true, FoundKey.PRIVATE));
                }
                if (!(o instanceof PEMKeyPair pair)) {
                    return Optional.empty();
                }
                pub = PublicKeyFactory.createKey(pair.getPublicKeyInfo());
            }
            return Optional.of(found(path, OpenSSHPublicKeyUtil.encodePublicKey(pub), FoundKey.PRIVATE));
        } catch (IOException | RuntimeException e) {
            // not a private key MIG's parser would take
            return Optional.empty();
        }
    }

    /** The cipher named in an {@code openssh-key-v1} blob's clear header (magic, then the cipher's name). */
    private static Optional<String> cipherOf(byte[] blob) {
        byte[] magic = "openssh-key-v1\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(blob);
        if (blob.length < magic.length + 4 || !java.util.Arrays.equals(blob, 0, magic.length, magic, 0, magic.length)) {
            return Optional.empty();
        }
        b.position(magic.length);
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            return Optional.empty();
        }
        return Optional.of(new String(blob, b.position(), n, java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static AsymmetricKeyParameter publicOf(AsymmetricKeyParameter priv) {
        if (priv instanceof Ed25519PrivateKeyParameters ed) {
            return ed.generatePublicKey();
        }
        if (priv instanceof RSAPrivateCrtKeyParameters rsa) {
            return new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
        }
        if (priv instanceof ECPrivateKeyParameters ec) {
            return new ECPublicKeyParameters(ec.getParameters().getG().multiply(ec.getD()).normalize(), ec.getParameters());
        }
        if (priv instanceof DSAPrivateKeyParameters dsa) {
            BigInteger y = dsa.getParameters().getG().modPow(dsa.getX(), dsa.getParameters().getP());
            return new DSAPublicKeyParameters(y, dsa.getParameters());
        }
        throw new IllegalArgumentException("unsupported key type");
    }

    /**
     * The key of an authorized_keys line as Go's {@code ssh.ParseAuthorizedKey} reads it: a type word and the
     * base64 key, possibly after an options field (commas and quoted values allowed).
     */
    static Optional<byte[]> authorizedKey(String line) {
        String in = line.strip();
        if (in.isEmpty() || in.startsWith("#")) {
            return Optional.empty();
        }
        Optional<byte[]> key = afterTypeWord(in);
        if (key.isPresent()) {
            return key;
        }
        boolean quoted = false;
        int i = 0;
        for (; i < in.length(); i++) {
            char c = in.charAt(i);
            if (!quoted && (c == ' ' || c == '\t')) {
                break;
            }
            if (c == '"' && (i == 0 || in.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
        }
        return i >= in.length() ? Optional.empty() : afterTypeWord(in.substring(i).strip());
    }

    private static Optional<byte[]> afterTypeWord(String in) {
        String[] words = in.split("[ \t]+", 3);
        if (words.length < 2) {
            return Optional.empty();
        }
        try {
            byte[] blob = Base64.getDecoder().decode(words[1]);
            OpenSSHPublicKeyUtil.parsePublicKey(blob);
            return Optional.of(blob);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
