package io.gator.core.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds an {@link SSLContext} from MIG-style PEM files (CA, certificate chain, PKCS#8 key): mutual TLS for the
 * relay's client ({@link #sslContext}), and the API's HTTPS server ({@link #server}).
 */
public final class PemTls {
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemTls() {}

    /**
     * A server context presenting {@code certFile} (PEM chain, leaf first) with {@code keyFile} (PKCS#8 PEM).
     *
     * @throws IllegalArgumentException naming {@code configPath} when a file is missing or unreadable
     */
    public static SSLContext server(Path certFile, Path keyFile, String configPath) {
        return sslContext(Optional.empty(), Optional.of(certFile), Optional.of(keyFile), configPath);
    }

    /**
     * A client context trusting {@code caFile} (else the JVM's trust store) and presenting {@code certFile} with
     * {@code keyFile} when both are given (mutual TLS).
     *
     * @throws IllegalArgumentException naming {@code configPath} when a file is missing or unreadable
     */
    public static SSLContext sslContext(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile,
                                        String configPath) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile.isPresent()) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (Certificate c : certificates(caFile.get())) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
                tmf.init(trust);
            } else {
                tmf.init((KeyStore) null);
            }
            KeyManagerFactory kmf = null;
            if (certFile.isPresent() && keyFile.isPresent()) {
                List<Certificate> chain = certificates(certFile.get());
                PrivateKey key = privateKey(keyFile.get(), chain.get(0).getPublicKey().getAlgorithm());
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                char[] pw = new char[0];
                ks.setKeyEntry("client", key, pw, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(configPath + ": cannot build TLS context: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        try (InputStream in = Files.newInputStream(pem)) {
            List<Certificate> certs = new ArrayList<>(cf.generateCertificates(in));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + pem);
            }
            return certs;
        }
    }

    private static PrivateKey privateKey(Path pem, String algorithm) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        Matcher m = PRIVATE_KEY.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException(pem + " holds no PKCS#8 'BEGIN PRIVATE KEY' block"
                    + " (convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem)");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1).getBytes(StandardCharsets.US_ASCII));
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

}
