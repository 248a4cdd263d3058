package io.gator.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.api.testing.ApiHarness;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API serves HTTPS itself when {@code gator.api.tls} names a PEM certificate and key (made here by openssl). */
class ApiHttpsTest {
    @TempDir
    static Path dir;
    static Path cert;
    static Path key;

    @BeforeAll
    static void selfSignedCertificate() throws Exception {
        cert = dir.resolve("api.crt");
        key = dir.resolve("api.key");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl failed: " + out);
    }

    private static HttpClient trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("api", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void theApiAnswersOverHttpsAndNotOverPlainHttp() throws Exception {
        String tls = "gator.api.tls { cert-file = \"" + cert + "\", key-file = \"" + key + "\" }";
        try (ApiHarness api = new ApiHarness(Instant.parse("2026-11-23T10:00:00Z"), tls)) {
            HttpResponse<String> r = trusting(cert).send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + api.port() + "/api/v1/heartbeat")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("heartbeat"), r.body());
            // a client that does not trust the certificate is refused in the handshake
            assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.port() + "/api/v1/heartbeat")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            // plain HTTP on the HTTPS port gets no API answer
            assertThrows(java.io.IOException.class, () -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .build().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
                            + "/api/v1/heartbeat")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void aCertificateWithoutItsKeyIsRefusedAtStartNamingTheSetting() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ApiHarness(
                Instant.parse("2026-11-23T10:00:00Z"), "gator.api.tls.cert-file = \"" + cert + "\"").close());
        assertTrue(String.valueOf(e.getCause()).contains("gator.api.tls"), String.valueOf(e.getCause()));
    }

    @Test
    void anUnreadableKeyIsRefusedAtStartNamingTheSetting() throws Exception {
        Path notAKey = dir.resolve("not-a-key.pem");
        Files.writeString(notAKey, "not a key\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ApiHarness(
                Instant.parse("2026-11-23T10:00:00Z"), "gator.api.tls { cert-file = \"" + cert + "\", key-file = \""
                        + notAKey + "\" }").close());
        assertTrue(String.valueOf(e.getCause()).contains("gator.api.tls"), String.valueOf(e.getCause()));
    }
}
