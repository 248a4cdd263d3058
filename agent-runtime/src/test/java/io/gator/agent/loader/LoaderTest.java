package io.gator.agent.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gator.core.manifest.ManifestArchive;
import io.gator.core.testing.Fixtures;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gator loader against MIG's own answers: a 127.0.0.1 stand-in replays what MIG's API sent a real mig-loader in
 * the captured runs (manifest v2 signed by ivan and mallory, its files, the tampering proxy's file, the 401 and
 * 500 refusals), and the loader must do with them what mig-loader did, plus Gator's atomic swap and roll-back.
 */
class LoaderTest {
    private static final String V2 = "loader-09-update-v2";

    @TempDir
    Path dir;

    @Test
    void upToDateHostFetchesNothingAndRestartsNothing() throws Exception {
        LoaderHost host = new LoaderHost(dir).holdingV2();
        try (LoaderApiDouble api = new LoaderApiDouble().replay(V2)) {
            assertEquals(LoaderRun.OK, host.run(api.apiUrl()), host.log());
            assertEquals(List.of(), api.fetched());
            assertEquals(1, api.received().size());
        }
        assertEquals(0, host.restartCount());
        assertArrayEquals(LoaderHost.migAgentV2(), Files.readAllBytes(host.agentJar));
        assertFalse(Files.exists(host.agentJar.resolveSibling("gator-agent.jar.old")));
        assertTrue(host.log().contains("[info] 2 valid signatures in manifest"), host.log());
        assertTrue(host.log().contains("[info] we have correct file, no need to replace"), host.log());
    }

    @Test
    void newFilesAreFetchedCheckedSwappedInAndTheAgentRestartedUntilItHeartbeats() throws Exception {
        LoaderHost host = new LoaderHost(dir).holdingV1().lastHeartbeatBefore(Duration.ofMinutes(3))
                .agentHeartbeatsAfter(Duration.ofSeconds(2));
        try (LoaderApiDouble api = new LoaderApiDouble().replay(V2)) {
            assertEquals(LoaderRun.OK, host.run(api.apiUrl()), host.log());
            assertEquals(List.of("mig-agent", "configuration"),
                    api.fetched().stream().map(LoaderApiDouble.Received::object).toList());
        }
        assertArrayEquals(LoaderHost.migAgentV2(), Files.readAllBytes(host.agentJar));
        assertArrayEquals(LoaderHost.configurationV2(), Files.readAllBytes(host.agentConf));
        assertEquals("rw-------", mode(host.agentJar));
        // previous versions kept, as MIG's loader keeps them
        assertEquals(0, Files.size(host.agentJar.resolveSibling("gator-agent.jar.old")));
        assertEquals(0, Files.size(host.agentConf.resolveSibling("agent.conf.old")));
        assertEquals(1, host.restartCount());
        assertTrue(host.log().contains("agent heartbeat at 2026-12-03T04:00:02Z, 2.0 s after the restart"), host.log());
        // no staged temporary left next to the files
        assertEquals(List.of("gator-agent.jar", "gator-agent.jar.old"), host.namesIn(host.agentJar.getParent()));
    }

    @Test
    void theNextRunAfterAnUpdateFindsNothingToDo() throws Exception {
        LoaderHost host = new LoaderHost(dir).holdingV1().agentHeartbeatsAfter(Duration.ofSeconds(1));
        try (LoaderApiDouble api = new LoaderApiDouble().replay(V2)) {
            assertEquals(LoaderRun.OK, host.run(api.apiUrl()), host.log());
            assertEquals(LoaderRun.OK, host.run(api.apiUrl()), host.log());
            assertEquals(2, api.fetched().size());
        }
        assertEquals(1, host.restartCount());
    }

    @Test
    void previousVersionIsKeptAsOldAsAHardLinkOfTheFileItReplaced() throws Exception {
        LoaderHost host = new LoaderHost(dir).holdingV1().agentHeartbeatsAfter(Duration.ofSeconds(1));
        Files.writeString(host.agentJar, "the agent before the update");
        Object before = Files.readAttributes(host.agentJar, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        try (LoaderApiDouble api = new LoaderApiDouble().replay(V2)) {
            assertEquals(LoaderRun.OK, host.run(api.apiUrl()), host.log());
        }
        Path old = host.agentJar.resolveSibling("gator-agent.jar.old");
        assertEquals("the agent before the update", Files.readString(old));
        assertEquals(before, Files.readAttributes(old, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
    }

    @Test
    void tamperedFileIsRefusedAndNothingIsReplaced() throws Exception {
        // MIG's case 14: the tampering proxy appended "TAMPERED\n" to the agent file it served
        LoaderHost host = new LoaderHost(dir).holdingV2().agentHeartbeatsAfter(Duration.ofSeconds(1));
        Files.write(host.agentJar, new byte[0]);
        try (LoaderApiDouble api = new LoaderApiDouble().replay("loader-14-tampered-file")) {
            assertEquals(LoaderRun.FAILED, host.run(api.apiUrl()), host.log());
            assertEquals(1, api.fetched().size());
        }
        assertEquals(0, Files.size(host.agentJar));
        assertEquals(List.of("gator-agent.jar"), host.namesIn(host.agentJar.getParent()));
        assertEquals(0, host.restartCount());
        assertTrue(host.log().contains("staged file signature mismatch"), host.log());
        assertTrue(host.log().contains("nothing replaced"), host.log());
    }

    @Test
    void oneTamperedFileAmongSeveralLeavesEvenTheGoodOnesUninstalled() throws Exception {
        LoaderHost host = new LoaderHost(dir).holdingV1().agentHeartbeatsAfter(Duration.ofSeconds(1));
        byte[] tampered = (new String(LoaderHost.configurationV2(), StandardCharsets.ISO_8859_1) + "TAMPERED\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        try (LoaderApiDouble api = new LoaderApiDouble().replay(V2)) {
            api.answerFile("configuration", tampered);
            assertEquals(LoaderRun.FAILED, host.run(api.apiUrl()), host.log());
            assertEquals(2, api.fetched().size());
        }
        // the agent file verified, but it is not installed without its configuration
        assertEquals(0, Files.size(host.agentJar));
        assertEquals(0, Files.size(host.agentConf));
        assertEquals(List.of("gator-agent.jar"), host.namesIn(host.agentJar.getParent()));
        assertEquals(List.of("agent.conf", "loaderkeys"), host.namesIn(host.agentConf.getParent()));
        assertEquals(0, host.restartCount());
    }

    @Test
    void tooFewSignaturesAreCountedThenRefused() throws Exception {
        // MIG's case 12: the loader requires 3, the manifest carries ivan's and mallory's
        LoaderHost host = new LoaderHost(dir).holdingV1().with("gator.loader.required-signatures = 3");
        try (LoaderApiDouble api = new LoaderApiDouble().replay(V2)) {
            assertEquals(LoaderRun.FAILED, host.run(api.apiUrl()), host.log());
            assertEquals(List.of(), api.fetched());
        }
        assertInOrder(host.log(), "[info] 2 valid signatures in manifest",
                "[error] checkManifestSignature() -> Not enough valid signatures (got 2, need 3), rejecting");
        assertEquals(0, Files.size(host.agentJar));
    }

    @Test
    void manifestServedWithOneSignatureIsRefusedByALoaderRequiringTwo() throws Exception {
        // MIG's case 16: the API required one signature when the manifest went active
        LoaderHost host = new LoaderHost(dir).holdingV1();
        try (LoaderApiDouble api = new LoaderApiDouble().replay("loader-16-one-signature-served")) {
            assertEquals(LoaderRun.FAILED, host.run(api.apiUrl()), host.log());
            assertEquals(List.of(), api.fetched());
        }
        assertInOrder(host.log(), "[info] 1 valid signatures in manifest",
                "Not enough valid signatures (got 1, need 2), rejecting");
    }

    @Test
    void signatureByAKeyOutsideTheLoadersKeyringRefusesTheManifest() throws Exception {
        // MIG's case 13: mallory's key removed from the loader's keyring
        LoaderHost host = new LoaderHost(dir).holdingV1().with("gator.loader.required-signatures = 1");
        Files.delete(host.keyring.resolve("mallory.asc"));
        try (LoaderApiDouble api = new LoaderApiDouble().replay(V2)) {
            assertEquals(LoaderRun.FAILED, host.run(api.apiUrl()), host.log());
            assertEquals(List.of(), api.fetched());
        }
        assertTrue(host.log().contains("[error] checkManifestSignature() -> manifest signature does not verify"),
                host.log());
        assertTrue(host.log().contains("unknown signer"), host.log());
        assertFalse(host.log().contains("valid signatures in manifest"), host.log());
    }

    @Test
    void disabledLoaderOrWrongKeyIsReportedAsMigsLoaderReportsIt() throws Exception {
        // MIG's cases 11a, 11b and 21 got the same 401
        LoaderHost host = new LoaderHost(dir).holdingV2();
        try (LoaderApiDouble api = new LoaderApiDouble().replay("loader-21-loader-disabled")) {
            assertEquals(LoaderRun.FAILED, host.run(api.apiUrl()), host.log());
        }
        assertTrue(host.log().contains("[error] requestManifest() -> HTTP 401, API call failed with error "
                + "'Loader authorization failed' (code 28111389524012)"), host.log());
        assertEquals(0, host.restartCount());
    }

    @Test
    void manifestNotYetActiveIsReportedAsMigsLoaderReportsIt() throws Exception {
        // MIG's case 05: one of two signatures, the manifest still staged
        LoaderHost host = new LoaderHost(dir).holdingV2();
        try (LoaderApiDouble api = new LoaderApiDouble().replay("loader-05-one-signature-staged")) {
            assertEquals(LoaderRun.FAILED, host.run(api.apiUrl()), host.log());
        }
        assertTrue(host.log().contains("HTTP 500, API call failed with error "
                + "'Unable to locate valid manifest for this loader entry'"), host.log());
    }

    @Test
    void answersPastTheirBoundOrNotMigsShapeAreRefusedBeforeAnythingChanges() throws Exception {
        LoaderHost host = new LoaderHost(dir).holdingV1().agentHeartbeatsAfter(Duration.ofSeconds(1))
                .with("gator.loader.max-manifest-response = 2KiB");
        try (LoaderApiDouble api = new LoaderApiDouble()) {
            api.answerManifest(200, "{\"collection\":{\"items\":[]," + "\"x\":\"" + "y".repeat(4096) + "\"}}");
            assertEquals(LoaderRun.FAILED, host.run(api.apiUrl()), host.log());
            assertTrue(host.log().contains("is larger than 2048 bytes"), host.log());
            api.answerManifest(200, "<html>proxy error</html>");
            assertEquals(LoaderRun.FAILED, host.run(api.apiUrl()), host.log());
            assertTrue(host.log().contains("the API's answer is not JSON"), host.log());
            api.answerManifest(502, "<html>Bad Gateway</html>");
            assertEquals(LoaderRun.FAILED, host.run(api.apiUrl()), host.log());
            assertTrue(host.log().contains("HTTP 502, API call failed with error '<html>Bad Gateway</html>'"),
                    host.log());
        }
        // a file answer larger than its bound, with MIG's manifest
        LoaderHost small = new LoaderHost(dir.resolve("small")).holdingV1().with("gator.loader.max-file-size = 100");
        try (LoaderApiDouble api = new LoaderApiDouble().replay(V2)) {
            assertEquals(LoaderRun.FAILED, small.run(api.apiUrl()), small.log());
            assertTrue(small.log().contains("file mig-agent is larger than 100 bytes once decompressed"), small.log());
        }
        assertEquals(0, Files.size(small.agentJar));
        assertEquals(0, host.restartCount() + small.restartCount());
    }

    @Test
    void agentThatNeverHeartbeatsIsRolledBackAndItsManifestIsNotInstalledAgain() throws Exception {
        LoaderHost host = new LoaderHost(dir).holdingV1().lastHeartbeatBefore(Duration.ofMinutes(2));
        Files.writeString(host.agentJar, "the agent that worked");
        try (LoaderApiDouble api = new LoaderApiDouble().replay(V2)) {
            assertEquals(LoaderRun.ROLLED_BACK, host.run(api.apiUrl()), host.log());
            assertEquals("the agent that worked", Files.readString(host.agentJar));
            assertEquals(0, Files.size(host.agentConf));
            assertEquals(2, host.restartCount());
            assertTrue(host.log().contains("no agent heartbeat in " + host.stamp + " within 120 s of the restart: "
                    + "rolling back"), host.log());
            // the timer's next run leaves the refused manifest alone
            host.output.reset();
            assertEquals(LoaderRun.OK, host.run(api.apiUrl()), host.log());
            assertEquals(2, api.fetched().size());
            assertTrue(host.log().contains("was rolled back on this host"), host.log());
        }
        assertEquals("the agent that worked", Files.readString(host.agentJar));
        assertEquals(2, host.restartCount());
        // the refused agent is gone, the version that worked is still kept as .old
        assertEquals("the agent that worked", Files.readString(host.agentJar.resolveSibling("gator-agent.jar.old")));
        // waited 120 s of the test's clock, not of the test's time
        assertEquals(LoaderHost.START.plusSeconds(120), host.clock.instant());
    }

    @Test
    void checkOnlyReportsWhatWouldChangeAndFetchesNothing() throws Exception {
        LoaderHost host = new LoaderHost(dir).holdingV1();
        try (LoaderApiDouble api = new LoaderApiDouble().replay(V2)) {
            assertEquals(LoaderRun.CHANGES_PENDING, host.run(api.apiUrl(), true), host.log());
            assertEquals(List.of(), api.fetched());
        }
        assertTrue(host.log().contains("would refresh mig-agent (" + host.agentJar + ")"), host.log());
        assertTrue(host.log().contains("would refresh configuration (" + host.agentConf + ")"), host.log());
        assertEquals(0, Files.size(host.agentJar));
        assertEquals(0, host.restartCount());
        assertFalse(Files.exists(dir.resolve("var/lib/gator-loader")));
    }

    @Test
    void requestsHaveTheShapeOfMigLoadersRequests() throws Exception {
        LoaderHost host = new LoaderHost(dir).holdingV1().agentHeartbeatsAfter(Duration.ofSeconds(1));
        MigHttpCapture mig = MigHttpCapture.read(Fixtures.path("mig-wire/loader-runner/http/" + V2 + ".raw"));
        try (LoaderApiDouble api = new LoaderApiDouble().replay(V2)) {
            assertEquals(LoaderRun.OK, host.run(api.apiUrl()), host.log());
            LoaderApiDouble.Received manifest = api.received().get(0);
            MigHttpCapture.Exchange migManifest = mig.to("/manifest/agent/").get(0);
            assertEquals("POST", manifest.method());
            assertEquals("/api/v1/manifest/agent/", manifest.path());
            assertEquals(LoaderHost.KEY, manifest.loaderKey());
            assertEquals(migManifest.requestHeaders().get("content-type"), manifest.contentType());
            JsonNode migParams = params(migManifest.requestText());
            // the same fields in the same order as mig-loader's ManifestParameters, nested objects included
            List<String> expected = new ArrayList<>(fieldPaths(migParams));
            if (manifest.parameters().path("agent").path("environment").path("addresses").isMissingNode()) {
                // a test machine without a non-loopback address: Go's omitempty drops the field as Jackson does
                expected.remove("agent.environment.addresses");
            }
            assertEquals(expected, fieldPaths(manifest.parameters()));
            assertEquals("", manifest.object());
            String agentId = Files.readString(host.stamp.getParent().resolve("agent.id"));
            assertEquals("linux." + agentId, manifest.parameters().path("agent").path("queueloc").asText());
            assertEquals("cap2", manifest.parameters().path("agent").path("tags").path("operator").asText());
            LoaderApiDouble.Received fetch = api.fetched().get(0);
            assertEquals("mig-agent", fetch.object());
            assertEquals(LoaderHost.KEY, fetch.loaderKey());
            assertEquals(manifest.parameters().path("agent"), fetch.parameters().path("agent"));
        }
    }

    @Test
    void malformedKeyIsRefusedBeforeAnyRequest() throws Exception {
        // MIG's case 11c: the key file holds a short key
        LoaderHost host = new LoaderHost(dir).holdingV2();
        Path keyFile = dir.resolve("loader.key");
        Files.writeString(keyFile, "short-key\n");
        Path conf = dir.resolve("loader.conf");
        try (LoaderApiDouble api = new LoaderApiDouble().replay(V2)) {
            String hocon = host.with("gator.loader { loader-key = \"\", loader-key-file = \"" + keyFile + "\" }")
                    .config(api.apiUrl()).root().withOnlyKey("gator").render(
                            com.typesafe.config.ConfigRenderOptions.concise());
            Files.writeString(conf, hocon);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            int code = LoaderMain.run(new String[] {"loader", "-c", conf.toString()},
                    new java.io.PrintWriter(new java.io.PrintStream(out, true, StandardCharsets.UTF_8), true),
                    new java.io.PrintWriter(new java.io.PrintStream(err, true, StandardCharsets.UTF_8), true));
            assertEquals(LoaderRun.FAILED, code);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("loader key is incorrect length"),
                    err.toString(StandardCharsets.UTF_8));
            assertEquals(List.of(), api.received());
        }
    }

    @Test
    void anUpdateOfTheLoaderAloneDoesNotRestartTheAgent() throws Exception {
        LoaderHost host = new LoaderHost(dir).holdingV2();
        Path loaderJar = dir.resolve("opt/gator/gator-loader.jar");
        Files.writeString(loaderJar, "loader v1");
        byte[] v2 = "loader v2".getBytes(StandardCharsets.UTF_8);
        Signed signed = Signed.by2(host, java.util.Map.of("mig-loader", v2));
        host.with("gator.loader.files.mig-loader.path = \"" + loaderJar + "\"");
        try (LoaderApiDouble api = new LoaderApiDouble()) {
            signed.serve(api);
            assertEquals(LoaderRun.OK, host.run(api.apiUrl()), host.log());
        }
        assertArrayEquals(v2, Files.readAllBytes(loaderJar));
        assertEquals("loader v1", Files.readString(dir.resolve("opt/gator/gator-loader.jar.old")));
        assertEquals(0, host.restartCount());
        assertTrue(host.log().contains("none needs the agent restarted"), host.log());
    }

    @Test
    void aFileTheHostDidNotHaveIsRemovedAgainOnRollBack() throws Exception {
        LoaderHost host = new LoaderHost(dir).holdingV2().lastHeartbeatBefore(Duration.ofMinutes(1));
        Path cert = dir.resolve("etc/gator/agent.crt");
        byte[] pem = "-----BEGIN CERTIFICATE-----\n...\n".getBytes(StandardCharsets.UTF_8);
        Signed signed = Signed.by2(host, java.util.Map.of("agentcert", pem));
        host.with("gator.loader.files.agentcert.path = \"" + cert + "\"");
        try (LoaderApiDouble api = new LoaderApiDouble()) {
            signed.serve(api);
            assertEquals(LoaderRun.ROLLED_BACK, host.run(api.apiUrl()), host.log());
        }
        assertFalse(Files.exists(cert));
        assertFalse(Files.exists(dir.resolve("etc/gator/agent.crt.old")));
        assertTrue(host.log().contains("(removed: it did not exist before)"), host.log());
        assertEquals(2, host.restartCount());
    }

    /** A manifest of these files signed by two keys made for the test, which replace the host's keyring. */
    private record Signed(io.gator.core.manifest.Manifest manifest, java.util.Map<String, byte[]> files) {
        static Signed by2(LoaderHost host, java.util.Map<String, byte[]> files) throws Exception {
            List<io.gator.core.manifest.ManifestEntry> entries = new ArrayList<>();
            files.forEach((n, c) -> entries.add(new io.gator.core.manifest.ManifestEntry(n, ManifestArchive.sha256(c))));
            io.gator.core.manifest.Manifest m = io.gator.core.manifest.Manifest.of(entries);
            List<String> sigs = new ArrayList<>();
            try (var old = Files.list(host.keyring)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            for (String who : List.of("carol", "dave")) {
                io.gator.core.sign.KeyGen.GeneratedKey k = io.gator.core.sign.KeyGen.ed25519(who + " <" + who + "@test>");
                Files.writeString(host.keyring.resolve(who + ".asc"), k.armoredPublicKey());
                sigs.add(io.gator.core.sign.PgpSigner.of(k).sign(m.signedString().getBytes(StandardCharsets.UTF_8)));
            }
            return new Signed(m.withLoaderName("test-loader").withSignatures(sigs), files);
        }

        void serve(LoaderApiDouble api) {
            api.answerManifest(200, "{\"collection\":{\"version\":\"1.0\",\"items\":[{\"data\":[{\"name\":"
                    + "\"manifest\",\"value\":" + manifest.toJson() + "}]}]}}");
            files.forEach(api::answerFile);
        }
    }

    private static String mode(Path p) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static JsonNode params(String form) throws Exception {
        return new ObjectMapper().readTree(URLDecoder.decode(form.substring("parameters=".length()),
                StandardCharsets.UTF_8));
    }

    private static List<String> fieldPaths(JsonNode n) {
        List<String> out = new ArrayList<>();
        walk("", n, out);
        return out;
    }

    private static void walk(String prefix, JsonNode n, List<String> out) {
        if (!n.isObject()) {
            return;
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            out.add(prefix + f);
            walk(prefix + f + ".", n.get(f), out);
        }
    }

    private static void assertInOrder(String log, String first, String second) {
        int a = log.indexOf(first);
        int b = log.indexOf(second);
        assertTrue(a >= 0 && b > a, "expected '" + first + "' then '" + second + "' in:\n" + log);
    }
}
