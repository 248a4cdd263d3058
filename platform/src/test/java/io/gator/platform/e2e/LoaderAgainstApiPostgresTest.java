package io.gator.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.loader.LoaderMain;
import io.gator.agent.loader.LoaderRun;
import io.gator.core.auth.AuthToken;
import io.gator.core.manifest.ManifestArchive;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import io.gator.platform.role.Investigators;
import io.gator.platform.role.Nodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gator loader against Gator's own API on PostgreSQL: two investigators create, enable and sign as mig-console
 * would over HTTP, then the loader (its command-line entry, real HTTP, a restart script standing for systemctl)
 * installs the manifest's files, restarts the "agent", sees its heartbeat, and finds nothing to do the next time.
 */
class LoaderAgainstApiPostgresTest {
    private static final String P = "/api/v1/";
    private static final byte[] AGENT = "PK fake agent jar, version 2\n".repeat(300).getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONF = "gator.agent { heartbeat-interval = 300s }\n".getBytes(StandardCharsets.UTF_8);

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void loaderInstallsTheManifestTwoInvestigatorsSignedThroughGatorsApi() throws Exception {
        String db = "gator_loader_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        EndToEndTest.admin("CREATE DATABASE " + db);
        KeyGen.GeneratedKey alice = KeyGen.ed25519("alice <alice@example.net>");
        KeyGen.GeneratedKey bob = KeyGen.ed25519("bob <bob@example.net>");
        Config config = ConfigFactory.parseString("""
                gator.persistence { url = "jdbc:postgresql://127.0.0.1:5432/%s", init-schema-on-start = true }
                gator.api { port = 0, public-url = "http://127.0.0.1" }
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
                pekko.cluster.roles = [api]
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                gator.cluster.management.enabled = off
                """.formatted(db)).withFallback(ConfigFactory.load()).resolve();
        try (Nodes.Server server = Nodes.start(config, () -> {
            throw new AssertionError("an API-only node opens no relay");
        }, Clock.systemUTC())) {
            Investigators.create(server.db(), "alice", alice.armoredPublicKey(), true);
            Investigators.create(server.db(), "bob", bob.armoredPublicKey(), true);
            String base = "http://127.0.0.1:" + server.api().orElseThrow().localAddress().getPort();

            // the API side, as mig-console does it: a loader entry, enabled; a manifest signed by both
            JsonNode loader = post(base, alice, "loader/new/", Map.of("loader", "{\"id\":0,\"name\":\"e2e-loader\","
                    + "\"prefix\":\"\",\"key\":\"\",\"agentname\":\"\",\"lastseen\":\"0001-01-01T00:00:00Z\","
                    + "\"enabled\":false,\"expectenv\":\"\"}"), 201);
            JsonNode entry = loader.path("collection").path("items").path(0).path("data").path(0).path("value");
            String key = entry.path("prefix").asText() + entry.path("key").asText();
            post(base, alice, "loader/status/", Map.of("loaderid", entry.path("id").asText(), "status", "enabled"), 200);
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("mig-agent", AGENT);
            files.put("configuration", CONF);
            byte[] tarGz = io.gator.core.testing.LoaderFixtures.tarGz(files);
            JsonNode m = post(base, alice, "manifest/new/", Map.of("manifest", "{\"id\":0,\"name\":\"v2\",\"content\":\""
                    + Base64.getEncoder().encodeToString(tarGz) + "\",\"timestamp\":\"0001-01-01T00:00:00Z\","
                    + "\"status\":\"staged\",\"target\":\"env#>>'{os}'='linux'\",\"signatures\":null}"), 201);
            String manifestId = m.path("collection").path("items").path(0).path("data").path(0).path("value")
                    .path("id").asText();
            String signed = ManifestArchive.read(tarGz).manifest().signedString();
            for (KeyGen.GeneratedKey k : new KeyGen.GeneratedKey[] {alice, bob}) {
                post(base, k, "manifest/sign/", Map.of("manifestid", manifestId, "signature",
                        PgpSigner.of(k).sign(signed.getBytes(StandardCharsets.UTF_8))), 200);
            }

            // the endpoint: older files, the investigators' keys, a restart command that "starts" the agent
            Path agentJar = dir.resolve("opt/gator-agent.jar");
            Path agentConf = dir.resolve("etc/agent.conf");
            Path stamp = dir.resolve("run/heartbeat");
            Path restarts = dir.resolve("restarts.log");
            Files.createDirectories(agentJar.getParent());
            Files.createDirectories(agentConf.getParent());
            Files.createDirectories(dir.resolve("keys"));
            Files.writeString(agentJar, "agent version 1");
            Files.writeString(dir.resolve("keys/alice.asc"), alice.armoredPublicKey());
            Files.writeString(dir.resolve("keys/bob.asc"), bob.armoredPublicKey());
            Path script = dir.resolve("restart-agent.sh");
            Files.writeString(script, "#!/bin/sh\necho restart >> '" + restarts + "'\nmkdir -p '" + stamp.getParent()
                    + "'\necho \"$(date -u +%Y-%m-%dT%H:%M:%S.%NZ) $$\" > '" + stamp + "'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            Path conf = dir.resolve("loader.conf");
            Files.writeString(conf, """
                    include required(classpath("reference.conf"))
                    gator.loader {
                      api-url = "%s/api/v1/"
                      loader-key = "%s"
                      keyring = "%s"
                      files {
                        mig-agent.path = "%s"
                        configuration.path = "%s"
                        mig-loader.path = "", agentcert.path = "", agentkey.path = "", cacert.path = ""
                        loaderconfig.path = ""
                      }
                      restart-command = ["%s"]
                      heartbeat-stamp = "%s"
                      heartbeat-timeout = 60s
                      state-dir = "%s"
                      agent-run-dir = "%s"
                      name = "e2e-host"
                    }
                    """.formatted(base, key, dir.resolve("keys"), agentJar, agentConf, script, stamp,
                    dir.resolve("state"), stamp.getParent()));

            Run first = loader(conf);
            assertEquals(LoaderRun.OK, first.code(), first.output());
            assertArrayEquals(AGENT, Files.readAllBytes(agentJar));
            assertArrayEquals(CONF, Files.readAllBytes(agentConf));
            assertEquals("agent version 1", Files.readString(dir.resolve("opt/gator-agent.jar.old")));
            assertFalse(Files.exists(dir.resolve("etc/agent.conf.old")), "there was no configuration before");
            assertEquals(1, Files.readAllLines(restarts).size());
            assertTrue(first.output().contains("[info] 2 valid signatures in manifest"), first.output());
            assertTrue(first.output().contains("s after the restart: updated 2 file(s)"), first.output());
            // the API recorded who asked (MIG's loader row: the agent name the loader sent)
            JsonNode seen = get(base, alice, "loader?loaderid=" + entry.path("id").asText());
            assertEquals("e2e-host", seen.path("collection").path("items").path(0).path("data").path(0)
                    .path("value").path("agentname").asText());

            Run second = loader(conf);
            assertEquals(LoaderRun.OK, second.code(), second.output());
            assertFalse(second.output().contains("fetching file"), second.output());
            assertEquals(1, Files.readAllLines(restarts).size());

            // a wrong key: the API's refusal, in mig-loader's words
            Files.writeString(conf, Files.readString(conf).replace(key, key.substring(0, 39) + (key.endsWith("A") ? "B" : "A")));
            Run refused = loader(conf);
            assertEquals(LoaderRun.FAILED, refused.code(), refused.output());
            assertTrue(refused.output().contains("HTTP 401, API call failed with error 'Loader authorization failed'"),
                    refused.output());
        } finally {
            EndToEndTest.admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    private record Run(int code, String output) {}

    private static Run loader(Path conf) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintWriter w = new PrintWriter(new PrintStream(out, true, StandardCharsets.UTF_8), true);
        int code = LoaderMain.run(new String[] {"loader", "-c", conf.toString()}, w, w);
        return new Run(code, out.toString(StandardCharsets.UTF_8));
    }

    private JsonNode post(String base, KeyGen.GeneratedKey as, String route, Map<String, String> form, int status)
            throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + P + route))
                .header(AuthToken.HEADER, AuthToken.build(PgpSigner.of(as), Instant.now(), AuthToken.newNonce()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), route + ": " + r.body());
        return json.readTree(r.body());
    }

    private JsonNode get(String base, KeyGen.GeneratedKey as, String route) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + P + route))
                .header(AuthToken.HEADER, AuthToken.build(PgpSigner.of(as), Instant.now(), AuthToken.newNonce()))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), route + ": " + r.body());
        return json.readTree(r.body());
    }
}
