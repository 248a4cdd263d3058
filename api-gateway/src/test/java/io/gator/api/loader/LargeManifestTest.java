package io.gator.api.loader;

import io.gator.api.testing.ApiHarness;
import io.gator.core.manifest.ManifestArchive;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A manifest the size of Gator's agent jar (27 MB, incompressible) goes through the default body limit, and its
 * file is gzipped once, not on every fetch.
 */
class LargeManifestTest {
    static final String P = "/api/v1/";

    @Test
    void anAgentJarSizedManifestIsAcceptedAndFetchedWholeFromTheCache() {
        byte[] jar = new byte[27_000_000];
        new Random(7).nextBytes(jar);
        byte[] tarGz = LoaderTestKit.tarGz(Map.of("gator-agent.jar", jar));
        // tens of MB take seconds to check and store on a busy machine: the request timeout is raised, as docs/loader.md says
        try (LoaderTestKit kit = LoaderTestKit.postgres("gator.api.request-timeout = 60s")) {
            ApiHarness.Answer l = kit.post(P + "loader/new/", kit.testerToken(), Map.of("loader", "{\"name\":\"big\"}"));
            String key = l.value(0).path("prefix").asText() + l.value(0).path("key").asText();
            kit.post(P + "loader/status/", kit.testerToken(), Map.of("loaderid", l.value(0).path("id").asText(),
                    "status", "enabled"));
            long c0 = System.nanoTime();
            ApiHarness.Answer m = kit.api.send(kit.api.request(P + "manifest/new/")
                    .timeout(java.time.Duration.ofSeconds(60))
                    .header("X-PGPAUTHORIZATION", kit.testerToken())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(LoaderTestKit.form(Map.of("manifest",
                            "{\"name\":\"jar\",\"target\":\"TRUE\",\"content\":\""
                                    + Base64.getEncoder().encodeToString(tarGz) + "\"}")))).build());
            System.out.printf("27 MB manifest created in %d ms%n", (System.nanoTime() - c0) / 1_000_000);
            assertEquals(201, m.status(), m.body());
            long id = m.value(0).path("id").asLong();
            String signed = ManifestArchive.read(tarGz).manifest().signedString();
            assertEquals(200, LoaderLifecycleTest.sign(kit, kit.testerToken(), id,
                    LoaderTestKit.sign(kit.api.tester, signed)).status());
            assertEquals(200, LoaderLifecycleTest.sign(kit, kit.secondToken(), id,
                    LoaderTestKit.sign(LoaderTestKit.SECOND, signed)).status());
            String params = LoaderTestKit.parameters("linux", "gator-agent.jar");
            long t0 = System.nanoTime();
            ApiHarness.Answer first = kit.loaderPost(P + "manifest/fetch/", key, params);
            long t1 = System.nanoTime();
            ApiHarness.Answer second = kit.loaderPost(P + "manifest/fetch/", key, params);
            long t2 = System.nanoTime();
            assertEquals(200, first.status());
            assertEquals(200, second.status());
            java.util.regex.Matcher data = java.util.regex.Pattern.compile("\"data\":\"([A-Za-z0-9+/=]+)\"")
                    .matcher(second.body());
            assertTrue(data.find(), "the answer carries the file's data");
            assertArrayEquals(jar, ManifestArchive.fetchedContent(data.group(1), 1 << 26));
            System.out.printf("27 MB manifest file: first fetch %d ms (read, gzip), second %d ms (cached)%n",
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            assertTrue(t2 - t1 < t1 - t0, "the second fetch is served from the cache");
        }
    }
}
