package io.gator.platform.e2e;

import static io.gator.platform.e2e.EndToEndTest.mig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import io.gator.core.manifest.InvalidManifestException;
import io.gator.core.manifest.Manifest;
import io.gator.core.manifest.ManifestArchive;
import io.gator.core.manifest.ManifestSignatures;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.PgpVerifier;
import io.gator.platform.e2e.EndToEndTest.Run;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mig loader} and {@code mig manifest} on the real API (PostgreSQL): a loader entry created and enabled, a
 * manifest built from files, signed by two investigators until it is active, served to the loader with its key
 * (and its signatures verify with the loader's own rule), a new key replacing the old, reset, disable.
 */
class LoaderLifecycleEndToEndTest {
    private static final Pattern KEY = Pattern.compile("will be \"([A-Za-z0-9]{40})\"");

    @Test
    void aManifestSignedByTwoInvestigatorsIsServedToTheLoaderWithItsKeyUntilDisabled(@TempDir Path dir)
            throws Exception {
        KeyGen.GeneratedKey alice = KeyGen.rsa("alice <alice@example.net>", 2048);
        KeyGen.GeneratedKey bob = KeyGen.rsa("bob <bob@example.net>", 2048);
        try (TestPlatform platform = TestPlatform.start(dir, TestPlatform.Setup.of("loadercli", 1, alice))) {
            String aliceRc = platform.migrc("alice").toString();
            String bobRc = secondAdmin(platform, dir, bob, aliceRc);

            Run created = ok(mig(List.of("loader", "create", "lc-loader", "-c", aliceRc)));
            Matcher key = KEY.matcher(created.out());
            assertTrue(key.find(), created.out());
            Matcher id = Pattern.compile("created \\(id (\\d+)\\) but is disabled").matcher(created.out());
            assertTrue(id.find(), created.out());
            String loaderId = id.group(1);
            JsonNode shown = MigJson.tree(ok(mig(List.of("loader", "show", loaderId, "-json", "-c", aliceRc))).out());
            assertEquals("lc-loader", shown.path("name").asText());
            assertFalse(shown.path("enabled").asBoolean());
            assertEquals("", shown.path("key").asText(), "the key is shown once only");
            assertEquals(401, agentManifest(platform, key.group(1)).statusCode(), "disabled: refused");
            ok(mig(List.of("loader", "enable", loaderId, "-c", aliceRc)));

            byte[] agentBytes = new byte[8 << 20];
            new java.util.Random(7).nextBytes(agentBytes);
            Path agentFile = Files.write(dir.resolve("mig-agent"), agentBytes);
            Path cfg = Files.writeString(dir.resolve("agent.cfg"), "[agent]\nrelay = \"amqp://127.0.0.1/\"\n");
            long t0 = System.nanoTime();
            Run made = ok(mig(List.of("manifest", "create", "lc-manifest", "-target", "loadername='lc-loader'",
                    "-mig-agent", agentFile.toString(), "-configuration", cfg.toString(), "-c", aliceRc)));
            Matcher mid = Pattern.compile("created \\(id (\\d+),").matcher(made.out());
            assertTrue(mid.find(), made.out());
            String manifestId = mid.group(1);
            assertEquals(500, agentManifest(platform, key.group(1)).statusCode(), "staged: nothing to serve");

            long t1 = System.nanoTime();
            ok(mig(List.of("manifest", "sign", manifestId, "-c", aliceRc)));
            System.out.printf("loader cli: 8 MiB manifest created in %d ms, signed in %d ms%n",
                    (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
            assertTrue(ok(mig(List.of("manifest", "show", manifestId, "-c", aliceRc))).out().contains("status:     staged"));
            ok(asSoonAsKnown(List.of("manifest", "sign", manifestId, "-c", bobRc)));
            Run show = ok(mig(List.of("manifest", "show", manifestId, "-c", aliceRc)));
            assertTrue(show.out().contains("status:     active") && show.out().contains("signatures: 2"), show.out());
            assertTrue(show.out().contains(ManifestArchive.sha256(Files.readAllBytes(agentFile)) + "  mig-agent (8388608 bytes)"),
                    show.out());
            assertTrue(ok(mig(List.of("manifest", "loaders", manifestId, "-c", aliceRc))).out()
                    .contains("\"name\":\"lc-loader\""));
            assertTrue(ok(mig(List.of("manifest", "list", "-status", "active", "-c", aliceRc))).out()
                    .contains("lc-manifest"));

            // what the loader gets: both signatures verify over the manifest of the files, by the loader's rule
            HttpResponse<String> served = agentManifest(platform, key.group(1));
            assertEquals(200, served.statusCode(), served.body());
            Manifest m = Manifest.fromTree(MigJson.tree(served.body()).at("/collection/items/0/data/0/value"));
            assertEquals("lc-loader", m.loaderName());
            PgpVerifier both = new PgpVerifier(Keyring.ofArmored(List.of(alice.armoredPublicKey(),
                    bob.armoredPublicKey())));
            assertEquals(2, ManifestSignatures.verify(m, both, 2).size());
            assertThrows(InvalidManifestException.class, () -> ManifestSignatures.verify(m,
                    new PgpVerifier(Keyring.ofArmored(List.of(alice.armoredPublicKey()))), 1),
                    "a keyring without bob refuses the manifest");

            // the loader fetches the file with its key: the bytes given to mig manifest create, whole
            HttpResponse<String> file = loaderPost(platform, key.group(1), "manifest/fetch/", "mig-agent");
            assertEquals(200, file.statusCode());
            byte[] fetched = ManifestArchive.fetchedContent(MigJson.tree(file.body())
                    .at("/collection/items/0/data/0/value/data").asText(), 16 << 20);
            assertEquals(ManifestArchive.sha256(agentBytes), ManifestArchive.sha256(fetched));

            // a new key: the old one is refused at once
            Matcher newKey = KEY.matcher(ok(mig(List.of("loader", "newkey", loaderId, "-c", aliceRc))).out());
            assertTrue(newKey.find());
            assertEquals(401, agentManifest(platform, key.group(1)).statusCode());
            assertEquals(200, agentManifest(platform, newKey.group(1)).statusCode());

            // reset drops the signatures; disable retires it
            ok(mig(List.of("manifest", "reset", manifestId, "-c", aliceRc)));
            JsonNode reset = MigJson.tree(ok(mig(List.of("manifest", "show", manifestId, "-json", "-c", aliceRc))).out());
            assertEquals("staged", reset.path("status").asText());
            assertTrue(reset.path("signatures").isNull() || reset.path("signatures").isEmpty(), reset.toString());
            ok(mig(List.of("manifest", "status", manifestId, "disabled", "-c", aliceRc)));
            assertEquals("disabled", MigJson.tree(ok(mig(List.of("manifest", "show", manifestId, "-json", "-c",
                    aliceRc))).out()).path("status").asText());
            Run late = mig(List.of("manifest", "sign", manifestId, "-c", bobRc));
            assertEquals(1, late.code(), "a disabled manifest takes no signature: " + late.out());
            ok(mig(List.of("loader", "disable", loaderId, "-c", aliceRc)));
            assertEquals(401, agentManifest(platform, newKey.group(1)).statusCode());
        }
    }

    /**
     * Bob: a second admin (manifests need two signers), created by alice through the API; answers his .migrc.
     */
    static String secondAdmin(TestPlatform platform, Path dir, KeyGen.GeneratedKey bob, String aliceRc)
            throws java.io.IOException {
        Path bobPub = Files.writeString(dir.resolve("bob.asc"), bob.armoredPublicKey());
        Path bobSec = Files.writeString(dir.resolve("bob.sec"), bob.armoredSecretKey());
        String bobRc = Files.writeString(dir.resolve("bob.migrc"), "api.url = \"" + platform.root()
                + "/api/v1\"\nkey.file = \"" + bobSec + "\"\n").toString();
        ok(mig(List.of("investigator", "create", "bob", bobPub.toString(), "-admin", "-c", aliceRc)));
        return bobRc;
    }

    /**
     * Runs a command of an investigator created moments ago: the API node rebuilds its keyring of investigators'
     * keys every 10 s (Nodes), so until then the new key is an unknown signer.
     */
    static Run asSoonAsKnown(List<String> args) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (true) {
            Run r = mig(args);
            if (!r.err().contains("unknown signer") || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(500);
        }
    }

    static Run ok(Run r) {
        assertEquals(0, r.code(), r.err() + r.out());
        return r;
    }

    /** What mig-loader sends: POST manifest/agent/ with its key and its agent's description. */
    static HttpResponse<String> agentManifest(TestPlatform platform, String key) throws Exception {
        return loaderPost(platform, key, "manifest/agent/", "");
    }

    /** A loader's request: its key, its agent's description and the object it asks for ("" for the manifest). */
    static HttpResponse<String> loaderPost(TestPlatform platform, String key, String path, String object)
            throws Exception {
        String params = "{\"agent\":{\"name\":\"lc-host\",\"queueloc\":\"linux.lc\",\"mode\":\"\",\"environment\":"
                + "{\"init\":\"systemd\",\"ident\":\"Debian\",\"os\":\"linux\",\"arch\":\"amd64\"},\"tags\":{}},"
                + "\"object\":\"" + object + "\"}";
        HttpRequest req = HttpRequest.newBuilder(URI.create(platform.root() + "/api/v1/" + path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-LOADERKEY", key)
                .POST(HttpRequest.BodyPublishers.ofString("parameters=" + URLEncoder.encode(params,
                        StandardCharsets.UTF_8))).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }
}
