package io.gator.agent.module.sshkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.agent.module.ModuleContext;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.sshkey.SshkeyModule;
import io.gator.core.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** MIG conformance of the sshkey runner: every captured case gives MIG's result and printout (as multisets). */
class SshkeyRunnerTest {
    private static final String DIR = "mig-wire/modules/sshkey/";
    /** Where MIG's capture host had the data directory. */
    private static final String CAPTURE_PREFIX = "/opt/mig-fixtures";

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void copyData() throws IOException {
        Path from = Fixtures.path("mig-wire/modules/data");
        data = tmp.resolve("data");
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path to = data.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    private static String here(String captured) {
        return captured.replace(CAPTURE_PREFIX, data.toString());
    }

    private static Result run(SshkeyRunner runner, String paramsJson) {
        return runner.runJson(MigJson.tree(paramsJson), ModuleContext.defaults());
    }

    private static List<String> keys(JsonNode elements) {
        List<String> out = new ArrayList<>();
        elements.path("keys").forEach(k -> out.add(k.toString()));
        out.sort(null);
        return out;
    }

    private static List<String> sorted(List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        out.sort(null);
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGivesMigsResultAndPrintout() {
        return Fixtures.list(DIR, ".params.json").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String name = p.getFileName().toString().replace(".params.json", "");
            Result mig = MigJson.mapper().convertValue(MigJson.tree(here(Fixtures.read(DIR + name + ".result.json"))), Result.class);
            Result ours = run(new SshkeyRunner(), here(Fixtures.read(DIR + name + ".params.json")));
            assertEquals(mig.foundAnything(), ours.foundAnything());
            assertEquals(mig.success(), ours.success());
            assertEquals(mig.statistics(), ours.statistics());
            assertEquals(sorted(mig.errors()), sorted(ours.errors()));
            assertEquals(mig.elements().isNull(), ours.elements().isNull());
            assertEquals(mig.elements().path("keys").isNull(), ours.elements().path("keys").isNull());
            assertEquals(keys(mig.elements()), keys(ours.elements()));
            assertEquals(sorted(here(Fixtures.read(DIR + name + ".pretty.txt")).lines().toList()),
                    sorted(SshkeyModule.print(ours, false)));
        }));
    }

    @Test
    void theResultHasMigsKeyOrderAndNeverKeyMaterial() {
        Result ours = run(new SshkeyRunner(), "{\"paths\":[\"" + data.resolve("sshkey/home/alice/.ssh/id_rsa") + "\"]}");
        String json = MigJson.write(ours);
        assertTrue(json.startsWith("{\"foundanything\":true,\"success\":true,\"elements\":{\"keys\":[{\"fingerprint_md5\":"), json);
        assertTrue(json.contains("\"encrypted\":false,\"type\":\"private\"}]},\"statistics\":null,\"errors\":null}"), json);
        assertTrue(!json.contains("AAAA") && !json.contains("BEGIN"), json);
    }

    private static java.util.Map<String, JsonNode> byPath(Result r, String type) {
        java.util.Map<String, JsonNode> out = new java.util.HashMap<>();
        r.elements().path("keys").forEach(k -> {
            if (k.path("type").asText().equals(type)) {
                out.put(data.relativize(Path.of(k.path("path").asText())).toString(), k);
            }
        });
        return out;
    }

    @Test
    void theFormatsMigMissesAreReportedOnlyWhenAskedWithTheFingerprintsOfTheirPublicKeys() {
        String params = "{\"paths\":[\"" + data.resolve("sshkey/home") + "\"]}";
        Result mig = run(new SshkeyRunner(), params);
        SshkeyRunner all = (SshkeyRunner) new SshkeyRunner().configured(com.typesafe.config.ConfigFactory
                .parseString("report-formats-mig-misses = true"));
        Result ours = run(all, params);
        java.util.Map<String, JsonNode> privates = byPath(ours, "private");
        java.util.Map<String, JsonNode> publics = byPath(ours, "public");
        for (String key : List.of("alice/.ssh/id_rsa_openssh", "alice/.ssh/id_ecdsa", "alice/.ssh/id_ecdsa_pem",
                "alice/.ssh/id_ed25519")) {
            assertTrue(!byPath(mig, "private").containsKey("sshkey/home/" + key), key);
            JsonNode priv = privates.get("sshkey/home/" + key);
            JsonNode pub = publics.get("sshkey/home/" + key + ".pub");
            assertTrue(priv != null && pub != null, key + " in " + ours);
            assertEquals(pub.path("fingerprint_sha256").asText(), priv.path("fingerprint_sha256").asText(), key);
            assertEquals(pub.path("fingerprint_md5").asText(), priv.path("fingerprint_md5").asText(), key);
        }
        JsonNode encrypted = privates.get("sshkey/home/bob/.ssh/id_ed25519");
        assertEquals("{\"encrypted\":true,\"fingerprint_md5\":\"\",\"fingerprint_sha256\":\"\"}",
                "{\"encrypted\":" + encrypted.path("encrypted") + ",\"fingerprint_md5\":" + encrypted.path("fingerprint_md5")
                        + ",\"fingerprint_sha256\":" + encrypted.path("fingerprint_sha256") + "}");
        List<String> migKeys = keys(mig.elements());
        assertTrue(keys(ours.elements()).containsAll(migKeys));
        assertEquals(migKeys.size() + 9, keys(ours.elements()).size(), ours.toString());
        assertEquals(mig.errors(), ours.errors());
    }
}
