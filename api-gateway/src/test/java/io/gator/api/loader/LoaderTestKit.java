package io.gator.api.loader;

import io.gator.api.testing.ApiHarness;
import io.gator.core.auth.AuthToken;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import io.gator.core.sign.SignatureException;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceSettings;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.schema.SchemaInit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/** An API with loaders on a real database (PostgreSQL or H2), two investigators with real keys, and helpers. */
final class LoaderTestKit implements AutoCloseable {
    static final Instant START = Instant.parse("2026-12-02T09:30:00Z");
    private static final AtomicLong NONCES = new AtomicLong(50_000);
    /** A second signer beside the harness's tester (keys are slow to make: one per JVM). */
    static final KeyGen.GeneratedKey SECOND = KeyGen.rsa("second <second@example.net>", 2048);

    final ApiHarness api;
    final Database db;
    private final TestDatabase pg;

    private LoaderTestKit(ApiHarness api, Database db, TestDatabase pg) {
        this.api = api;
        this.db = db;
        this.pg = pg;
    }

    static LoaderTestKit postgres(String extraConfig) {
        TestDatabase tdb = TestDatabase.create();
        Database db = Database.open(tdb.settings());
        SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
        return start(db, tdb, extraConfig);
    }

    static LoaderTestKit h2(String extraConfig) {
        String url = "jdbc:h2:mem:loaders" + java.util.UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1";
        Database db = Database.open(new PersistenceSettings(Dialect.H2, url, "sa", "", 2, 2, false, 50));
        SchemaInit.apply(db.dataSource(), Dialect.H2);
        return start(db, null, extraConfig);
    }

    private static LoaderTestKit start(Database db, TestDatabase tdb, String extraConfig) {
        ApiHarness api = new ApiHarness(START, extraConfig, b -> b, true, Optional.of(new LoaderStore(db)));
        OffsetDateTime t = OffsetDateTime.ofInstant(START, ZoneOffset.UTC);
        api.backend.put(new Investigator(10, "second", SECOND.fingerprint(), Base64.getEncoder().encodeToString(
                SECOND.armoredPublicKey().getBytes(StandardCharsets.UTF_8)), "active", t, t, Permissions.ALL));
        return new LoaderTestKit(api, db, tdb);
    }

    String testerToken() {
        return api.pgpToken();
    }

    String secondToken() {
        try {
            return AuthToken.build(PgpSigner.of(SECOND), api.clock.instant(), Long.toString(NONCES.incrementAndGet()));
        } catch (SignatureException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(KeyGen.GeneratedKey key, String text) {
        try {
            return PgpSigner.of(key).sign(text.getBytes(StandardCharsets.UTF_8));
        } catch (SignatureException e) {
            throw new IllegalStateException(e);
        }
    }

    ApiHarness.Answer post(String path, String token, Map<String, String> form) {
        return api.postForm(path, token, form(form));
    }

    ApiHarness.Answer getAs(String pathAndQuery, String token) {
        return api.send(api.request(pathAndQuery).header("X-PGPAUTHORIZATION", token).GET().build());
    }

    /** A loader's POST as mig-loader sends it. */
    ApiHarness.Answer loaderPost(String path, String key, String parameters) {
        var b = api.request(path).header("Content-Type", "application/x-www-form-urlencoded");
        if (key != null) {
            b.header("X-LOADERKEY", key);
        }
        return api.send(b.POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                form(Map.of("parameters", parameters)))).build());
    }

    static String form(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    /** mig-loader's ManifestParameters for host vm on linux. */
    static String parameters(String os, String object) {
        return "{\"agent\":{\"name\":\"vm\",\"queueloc\":\"linux.q1\",\"mode\":\"\",\"pid\":10117,"
                + "\"starttime\":\"0001-01-01T00:00:00Z\",\"destructiontime\":\"0001-01-01T00:00:00Z\","
                + "\"heartbeatts\":\"0001-01-01T00:00:00Z\",\"refreshts\":\"0001-01-01T00:00:00Z\","
                + "\"environment\":{\"init\":\"upstart\",\"ident\":\"Debian 12 bookworm\",\"os\":\"" + os + "\","
                + "\"arch\":\"amd64\",\"isproxied\":false,\"addresses\":[\"192.0.2.2/24\"],\"publicip\":\"127.0.0.1\","
                + "\"aws\":{}},\"tags\":{\"operator\":\"cap2\"}},\"object\":\"" + object + "\"}";
    }

    static byte[] tarGz(Map<String, byte[]> files) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(buf))) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry("manifest/" + f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    @Override
    public void close() {
        api.close();
        db.close();
        if (pg != null) {
            pg.close();
        }
    }
}
