package io.gator.api.loader;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.api.testing.ApiHarness;
import io.gator.core.manifest.Manifest;
import io.gator.core.manifest.ManifestArchive;
import io.gator.core.manifest.ManifestSignatures;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.PgpVerifier;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole loader lifecycle over real HTTP and a real database: create a loader (disabled, key shown once),
 * enable it, create a manifest, two signatures make it active, the loader gets it and fetches a file, the
 * expected environment and disabling stop it. Run on PostgreSQL and on embedded H2.
 */
class LoaderLifecycleTest {
    static final String PREFIX = "/api/v1/";
    static final byte[] AGENT = "#!/bin/sh\necho agent v2\n".repeat(400).getBytes(StandardCharsets.UTF_8);
    static final byte[] CONFIG = "[agent]\nrelay = \"amqp://x\"\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aLoaderGetsItsSignedManifestAndFilesOnPostgres() {
        try (LoaderTestKit kit = LoaderTestKit.postgres("")) {
            lifecycle(kit, true);
        }
    }

    @Test
    void aLoaderGetsItsSignedManifestAndFilesOnEmbeddedH2() {
        try (LoaderTestKit kit = LoaderTestKit.h2("")) {
            lifecycle(kit, false);
        }
    }

    static void lifecycle(LoaderTestKit kit, boolean measure) {
        String tester = kit.testerToken();
        // 1. a loader entry: created disabled, its key shown once
        ApiHarness.Answer created = kit.post(PREFIX + "loader/new/", tester, Map.of("loader",
                "{\"id\":0,\"name\":\"cap2-loader\",\"prefix\":\"\",\"key\":\"\",\"agentname\":\"\","
                        + "\"lastseen\":\"0001-01-01T00:00:00Z\",\"enabled\":false,\"expectenv\":\"\"}"));
        assertEquals(201, created.status(), created.body());
        JsonNode le = created.value(0);
        long loaderId = le.path("id").asLong();
        assertEquals("cap2-loader", le.path("name").asText());
        assertFalse(le.path("enabled").asBoolean());
        String key = le.path("prefix").asText() + le.path("key").asText();
        assertEquals(40, key.length(), "prefix (8) + secret (32): " + le);
        assertTrue(created.json().path("collection").path("items").path(0).path("href").asText()
                .endsWith("/api/v1/loader?loaderid=" + loaderId));
        ApiHarness.Answer shown = kit.getAs(PREFIX + "loader?loaderid=" + loaderId, kit.testerToken());
        assertEquals(200, shown.status());
        assertEquals("", shown.value(0).path("key").asText(), "the key is never shown again");

        // 2. disabled: refused as MIG refuses it
        String params = LoaderTestKit.parameters("linux", "");
        ApiHarness.Answer refused = kit.loaderPost(PREFIX + "manifest/agent/", key, params);
        assertEquals(401, refused.status());
        assertEquals("Loader authorization failed", refused.errorMessage());
        assertEquals(200, kit.post(PREFIX + "loader/status/", kit.testerToken(),
                Map.of("loaderid", Long.toString(loaderId), "status", "enabled")).status());

        // 3. a manifest: staged; not served before it has two signatures
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("mig-agent", AGENT);
        files.put("configuration", CONFIG);
        byte[] tarGz = LoaderTestKit.tarGz(files);
        ApiHarness.Answer mnew = kit.post(PREFIX + "manifest/new/", kit.testerToken(), Map.of("manifest",
                "{\"id\":0,\"name\":\"v2\",\"content\":\"" + Base64.getEncoder().encodeToString(tarGz)
                        + "\",\"timestamp\":\"0001-01-01T00:00:00Z\",\"status\":\"active\","
                        + "\"target\":\"env#>>'{os}'='linux'\",\"signatures\":null}"));
        assertEquals(201, mnew.status(), mnew.body());
        long manifestId = mnew.value(0).path("id").asLong();
        JsonNode record = kit.getAs(PREFIX + "manifest?manifestid=" + manifestId, kit.testerToken()).value(0);
        assertEquals("staged", record.path("status").asText(), "stored staged whatever was sent");
        assertEquals(Base64.getEncoder().encodeToString(tarGz), record.path("content").asText());
        assertTrue(record.path("signatures").isNull());
        ApiHarness.Answer none = kit.loaderPost(PREFIX + "manifest/agent/", key, params);
        assertEquals(500, none.status());
        assertEquals("Unable to locate valid manifest for this loader entry", none.errorMessage());

        // 4. signatures: over the signed string of whole files, each by its own investigator, once
        String signed = ManifestArchive.read(tarGz).manifest().signedString();
        String byTester = LoaderTestKit.sign(kit.api.tester, signed);
        String bySecond = LoaderTestKit.sign(LoaderTestKit.SECOND, signed);
        assertEquals(200, sign(kit, kit.testerToken(), manifestId, byTester).status());
        assertEquals("staged", status(kit, manifestId));
        ApiHarness.Answer twice = sign(kit, kit.testerToken(), manifestId, byTester);
        assertEquals(400, twice.status());
        assertTrue(twice.errorMessage().contains("already signed"), twice.errorMessage());
        ApiHarness.Answer notHers = sign(kit, kit.secondToken(), manifestId, byTester);
        assertEquals(400, notHers.status(), "a signature by another key does not verify with the caller's key");
        ApiHarness.Answer overOther = sign(kit, kit.secondToken(), manifestId,
                LoaderTestKit.sign(LoaderTestKit.SECOND, signed.replace("mig-agent", "mig-agenT")));
        assertEquals(400, overOther.status());
        assertTrue(overOther.errorMessage().contains("does not verify"), overOther.errorMessage());
        assertEquals(200, sign(kit, kit.secondToken(), manifestId, bySecond).status());
        assertEquals("active", status(kit, manifestId));

        // 5. the loader's manifest: MIG's shape, signatures a loader's keyring accepts
        ApiHarness.Answer agent = kit.loaderPost(PREFIX + "manifest/agent/", key, params);
        assertEquals(200, agent.status(), agent.body());
        JsonNode item = agent.json().path("collection").path("items").path(0);
        assertEquals("/api/v1/manifest/agent/", item.path("href").asText(), "MIG's bare item href");
        assertEquals("manifest", item.path("data").path(0).path("name").asText());
        Manifest served = Manifest.fromTree(item.path("data").path(0).path("value"));
        assertEquals("cap2-loader", served.loaderName());
        assertEquals(List.of("mig-agent", "configuration"), served.entries().stream().map(e -> e.name()).toList());
        assertEquals(ManifestArchive.sha256(AGENT), served.entry("mig-agent").orElseThrow().sha256());
        Keyring both = kit.api.tester.keyring().plus(LoaderTestKit.SECOND.keyring());
        assertEquals(2, ManifestSignatures.verify(served, new PgpVerifier(both), 2).size());

        // 6. fetch: the whole file, gzip in base64
        ApiHarness.Answer fetched = kit.loaderPost(PREFIX + "manifest/fetch/", key,
                LoaderTestKit.parameters("linux", "mig-agent"));
        assertEquals(200, fetched.status(), fetched.body());
        assertEquals("content", fetched.json().path("collection").path("items").path(0).path("data").path(0)
                .path("name").asText());
        byte[] file = ManifestArchive.fetchedContent(fetched.value(0).path("data").asText(), 1 << 20);
        assertArrayEquals(AGENT, file);
        ApiHarness.Answer unknown = kit.loaderPost(PREFIX + "manifest/fetch/", key,
                LoaderTestKit.parameters("linux", "nosuchfile"));
        assertEquals(404, unknown.status());
        ApiHarness.Answer noObject = kit.loaderPost(PREFIX + "manifest/fetch/", key, params);
        assertEquals(400, noObject.status());
        assertEquals("manifest fetch with no object", noObject.errorMessage());

        // 7. the entry shows what the loader reported; the manifest's target selects it; searches find both
        JsonNode seen = kit.getAs(PREFIX + "loader?loaderid=" + loaderId, kit.testerToken()).value(0);
        assertEquals("vm", seen.path("agentname").asText());
        ApiHarness.Answer targeted = kit.getAs(PREFIX + "manifest/loaders/?manifestid=" + manifestId,
                kit.testerToken());
        assertEquals(200, targeted.status(), targeted.body());
        assertEquals("cap2-loader", targeted.value(0).path("name").asText());
        ApiHarness.Answer loaders = kit.getAs(PREFIX + "search?type=loader&loadername=cap2%25", kit.testerToken());
        assertEquals(200, loaders.status(), loaders.body());
        assertEquals(loaderId, loaders.value(0).path("id").asLong());
        ApiHarness.Answer manifests = kit.getAs(PREFIX + "search?type=manifest&status=active", kit.testerToken());
        assertEquals(200, manifests.status(), manifests.body());
        assertEquals(manifestId, manifests.value(0).path("id").asLong());
        assertTrue(manifests.value(0).path("content").isMissingNode(), "search results carry no content");
        assertEquals(404, kit.getAs(PREFIX + "search?type=manifest&status=disabled", kit.testerToken()).status());

        if (measure) {
            measure(kit, key, params);
        }

        // 8. an expected environment the loader's report does not satisfy: no manifest, as MIG
        assertEquals(200, kit.post(PREFIX + "loader/expect/", kit.testerToken(), Map.of("loaderid",
                Long.toString(loaderId), "expectenv", "env#>>'{os}'='windows'")).status());
        assertEquals(500, kit.loaderPost(PREFIX + "manifest/agent/", key, params).status());
        assertEquals(200, kit.post(PREFIX + "loader/expect/", kit.testerToken(), Map.of("loaderid",
                Long.toString(loaderId), "expectenv", "")).status());
        assertEquals(200, kit.loaderPost(PREFIX + "manifest/agent/", key, params).status());

        // 9. a new key: the old one stops working
        ApiHarness.Answer rekey = kit.post(PREFIX + "loader/key/", kit.testerToken(),
                Map.of("loaderid", Long.toString(loaderId)));
        assertEquals(200, rekey.status(), rekey.body());
        String newKey = rekey.value(0).path("prefix").asText() + rekey.value(0).path("key").asText();
        assertEquals(key.substring(0, 8), newKey.substring(0, 8), "the prefix stays");
        assertEquals(401, kit.loaderPost(PREFIX + "manifest/agent/", key, params).status());
        assertEquals(200, kit.loaderPost(PREFIX + "manifest/agent/", newKey, params).status());

        // 10. a disabled manifest is never served again; a disabled loader is refused
        assertEquals(200, kit.post(PREFIX + "manifest/status/", kit.testerToken(),
                Map.of("manifestid", Long.toString(manifestId), "status", "disabled")).status());
        assertEquals("disabled", status(kit, manifestId));
        assertEquals(500, kit.loaderPost(PREFIX + "manifest/agent/", newKey, params).status());
        assertEquals(400, sign(kit, kit.testerToken(), manifestId, byTester).status(), "disabled cannot be signed");
        assertEquals(200, kit.post(PREFIX + "loader/status/", kit.testerToken(),
                Map.of("loaderid", Long.toString(loaderId), "status", "disabled")).status());
        ApiHarness.Answer off = kit.loaderPost(PREFIX + "manifest/agent/", newKey, params);
        assertEquals(401, off.status());
        assertEquals("Loader authorization failed", off.errorMessage());
    }

    private static void measure(LoaderTestKit kit, String key, String params) {
        String fetchParams = LoaderTestKit.parameters("linux", "mig-agent");
        for (int i = 0; i < 10; i++) { // warm up
            kit.loaderPost(PREFIX + "manifest/agent/", key, params);
            kit.loaderPost(PREFIX + "manifest/fetch/", key, fetchParams);
        }
        int n = 50;
        long[] agent = new long[n];
        long[] fetch = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            assertEquals(200, kit.loaderPost(PREFIX + "manifest/agent/", key, params).status());
            long t1 = System.nanoTime();
            assertEquals(200, kit.loaderPost(PREFIX + "manifest/fetch/", key, fetchParams).status());
            agent[i] = t1 - t0;
            fetch[i] = System.nanoTime() - t1;
        }
        Arrays.sort(agent);
        Arrays.sort(fetch);
        System.out.printf("loader answers over HTTP on PostgreSQL (%d each): manifest/agent/ median %.1f ms, p95 %.1f ms;"
                        + " manifest/fetch/ (%d-byte file) median %.1f ms, p95 %.1f ms%n", n, agent[n / 2] / 1e6,
                agent[n * 95 / 100] / 1e6, AGENT.length, fetch[n / 2] / 1e6, fetch[n * 95 / 100] / 1e6);
    }

    static ApiHarness.Answer sign(LoaderTestKit kit, String token, long manifestId, String sig) {
        return kit.post(PREFIX + "manifest/sign/", token, Map.of("manifestid", Long.toString(manifestId),
                "signature", sig));
    }

    static String status(LoaderTestKit kit, long manifestId) {
        return kit.getAs(PREFIX + "manifest?manifestid=" + manifestId, kit.testerToken()).value(0).path("status")
                .asText();
    }
}
