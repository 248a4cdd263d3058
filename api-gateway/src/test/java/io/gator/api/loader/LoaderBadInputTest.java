package io.gator.api.loader;

import io.gator.api.testing.ApiHarness;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input to the loader and manifest endpoints, on PostgreSQL: a clear 4xx, nothing stored, nothing served. */
class LoaderBadInputTest {
    static final String P = "/api/v1/";
    static LoaderTestKit kit;
    static String key;

    @BeforeAll
    static void start() {
        kit = LoaderTestKit.postgres("gator.api.manifest.body-limit = 64KiB\ngator.api.loader.body-limit = 4KiB");
        ApiHarness.Answer a = kit.post(P + "loader/new/", kit.testerToken(), Map.of("loader", "{\"name\":\"l1\"}"));
        assertEquals(201, a.status(), a.body());
        key = a.value(0).path("prefix").asText() + a.value(0).path("key").asText();
        assertEquals(200, kit.post(P + "loader/status/", kit.testerToken(), Map.of("loaderid",
                a.value(0).path("id").asText(), "status", "enabled")).status());
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    static void assertRefused(int status, String messagePart, ApiHarness.Answer a) {
        assertEquals(status, a.status(), a.body());
        assertTrue(a.errorMessage().contains(messagePart), a.errorMessage());
    }

    @Test
    void anOversizedManifestIsRefusedWith413BeforeItIsParsed() {
        String big = Base64.getEncoder().encodeToString(new byte[100 * 1024]);
        ApiHarness.Answer a = kit.post(P + "manifest/new/", kit.testerToken(), Map.of("manifest",
                "{\"name\":\"big\",\"target\":\"env->>'os'='linux'\",\"content\":\"" + big + "\"}"));
        assertEquals(413, a.status(), a.body());
        assertEquals(404, kit.getAs(P + "search?type=manifest&manifestname=big", kit.testerToken()).status());
    }

    @Test
    void anOversizedLoaderRequestIsRefusedWith413() {
        String params = LoaderTestKit.parameters("linux", "x".repeat(5000));
        assertEquals(413, kit.loaderPost(P + "manifest/agent/", key, params).status());
    }

    @Test
    void nulsAndMalformedJsonAreRefusedWith400() {
        assertRefused(400, "U+0000", kit.post(P + "loader/new/", kit.testerToken(),
                Map.of("loader", "{\"name\":\"nul\\u0000name\"}")));
        assertRefused(400, "U+0000", kit.post(P + "loader/new/", kit.testerToken(),
                Map.of("loader", "{\"name\":\"nul\u0000raw\"}")));
        assertRefused(400, "malformed loader JSON", kit.post(P + "loader/new/", kit.testerToken(),
                Map.of("loader", "{\"name\":")));
        assertRefused(400, "no loader specified", kit.post(P + "loader/new/", kit.testerToken(), Map.of()));
        assertRefused(400, "malformed manifest JSON", kit.post(P + "manifest/new/", kit.testerToken(),
                Map.of("manifest", "[not json")));
        assertRefused(400, "malformed parameters JSON", kit.loaderPost(P + "manifest/agent/", key, "{\"agent\":"));
        assertRefused(400, "U+0000", kit.loaderPost(P + "manifest/agent/", key,
                LoaderTestKit.parameters("linux\\u0000", "")));
        assertRefused(400, "no agent name", kit.loaderPost(P + "manifest/agent/", key,
                "{\"agent\":{\"name\":\"\"},\"object\":\"\"}"));
    }

    @Test
    void aManifestThatIsNotATarGzOrHasARefusedTargetIsNotStored() {
        assertRefused(400, "not base64", kit.post(P + "manifest/new/", kit.testerToken(), Map.of("manifest",
                "{\"name\":\"m\",\"target\":\"env->>'os'='linux'\",\"content\":\"%%%\"}")));
        assertRefused(400, "not a readable tar.gz", kit.post(P + "manifest/new/", kit.testerToken(), Map.of(
                "manifest", "{\"name\":\"m\",\"target\":\"env->>'os'='linux'\",\"content\":\""
                        + Base64.getEncoder().encodeToString("plain text".getBytes(StandardCharsets.UTF_8)) + "\"}")));
        String tgz = Base64.getEncoder().encodeToString(LoaderTestKit.tarGz(Map.of("f", new byte[]{1})));
        ApiHarness.Answer sql = kit.post(P + "manifest/new/", kit.testerToken(), Map.of("manifest",
                "{\"name\":\"m\",\"target\":\"env#>>'{os}'='linux'; DROP TABLE loaders\",\"content\":\"" + tgz
                        + "\"}"));
        assertRefused(400, "manifest target is refused", sql);
        assertTrue(sql.errorMessage().contains("own grammar"), sql.errorMessage());
        assertRefused(400, "manifest has invalid target", kit.post(P + "manifest/new/", kit.testerToken(),
                Map.of("manifest", "{\"name\":\"m\",\"content\":\"" + tgz + "\"}")));
        assertRefused(400, "expected environment is refused", kit.post(P + "loader/new/", kit.testerToken(),
                Map.of("loader", "{\"name\":\"l2\",\"expectenv\":\"1=1\"}")));
        assertEquals(404, kit.getAs(P + "search?type=manifest&manifestname=m", kit.testerToken()).status());
    }

    @Test
    void unknownAndMalformedIdsAndStatusesGetClearAnswers() {
        assertRefused(404, "Loader ID '999' not found", kit.getAs(P + "loader?loaderid=999", kit.testerToken()));
        assertRefused(404, "Manifest ID '999' not found", kit.getAs(P + "manifest?manifestid=999",
                kit.testerToken()));
        assertRefused(404, "Manifest ID '999' not found", kit.getAs(P + "manifest/loaders/?manifestid=999",
                kit.testerToken()));
        assertRefused(404, "Loader ID '999' not found", kit.post(P + "loader/status/", kit.testerToken(),
                Map.of("loaderid", "999", "status", "enabled")));
        assertRefused(404, "Loader ID '999' not found", kit.post(P + "loader/key/", kit.testerToken(),
                Map.of("loaderid", "999")));
        assertRefused(404, "Manifest ID '999' not found", kit.post(P + "manifest/sign/", kit.testerToken(),
                Map.of("manifestid", "999", "signature", "wsBcBAAB")));
        assertRefused(404, "Manifest ID '999' not found", kit.post(P + "manifest/status/", kit.testerToken(),
                Map.of("manifestid", "999", "status", "disabled")));
        assertRefused(400, "loaderid", kit.getAs(P + "loader?loaderid=abc", kit.testerToken()));
        assertRefused(400, "loaderid", kit.post(P + "loader/expect/", kit.testerToken(), Map.of("expectenv", "")));
        assertRefused(400, "must be 'enabled' or 'disabled'", kit.post(P + "loader/status/", kit.testerToken(),
                Map.of("loaderid", "1", "status", "maybe")));
        assertRefused(400, "must be disabled or staged", kit.post(P + "manifest/status/", kit.testerToken(),
                Map.of("manifestid", "1", "status", "active")));
    }

    @Test
    void loaderKeysAreRefusedWithMigsMessages() {
        String params = LoaderTestKit.parameters("linux", "");
        assertRefused(401, "X-LOADERKEY header not found", kit.loaderPost(P + "manifest/agent/", null, params));
        assertRefused(401, "Loader authorization failed", kit.loaderPost(P + "manifest/fetch/", "short", params));
        assertRefused(401, "Loader authorization failed", kit.loaderPost(P + "manifest/agent/",
                key.substring(0, 8) + "A".repeat(32), params));
        assertRefused(401, "Loader authorization failed", kit.loaderPost(P + "manifest/agent/",
                "ZZZZZZZZ" + "A".repeat(32), params));
        assertRefused(401, "Loader authorization failed", kit.loaderPost(P + "manifest/agent/",
                key.substring(0, 39) + "!", params));
    }

    @Test
    void anInvestigatorWithoutTheLoaderPermissionsIsRefused() {
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC);
        kit.api.backend.put(new Investigator(10, "second", LoaderTestKit.SECOND.fingerprint(), Base64.getEncoder()
                .encodeToString(LoaderTestKit.SECOND.armoredPublicKey().getBytes(StandardCharsets.UTF_8)), "active",
                t, t, Permissions.INVESTIGATOR));
        try {
            assertRefused(401, "Insufficient permissions", kit.post(P + "loader/new/", kit.secondToken(),
                    Map.of("loader", "{\"name\":\"nope\"}")));
            assertRefused(401, "Insufficient permissions", kit.getAs(P + "manifest?manifestid=1",
                    kit.secondToken()));
        } finally {
            kit.api.backend.put(new Investigator(10, "second", LoaderTestKit.SECOND.fingerprint(), Base64.getEncoder()
                    .encodeToString(LoaderTestKit.SECOND.armoredPublicKey().getBytes(StandardCharsets.UTF_8)),
                    "active", t, t, Permissions.ALL));
        }
    }
}
