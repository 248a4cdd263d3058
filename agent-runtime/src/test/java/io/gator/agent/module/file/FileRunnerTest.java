package io.gator.agent.module.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.agent.module.ModuleCancelledException;
import io.gator.agent.module.ModuleContext;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.InvalidParametersException;
import io.gator.core.module.file.FileModule;
import io.gator.core.module.file.FileSearch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRunnerTest {
    @TempDir
    Path dir;
    final FileRunner runner = new FileRunner();

    @BeforeEach
    void tree() throws IOException {
        Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n");
        Files.createDirectories(dir.resolve("a/b/c"));
        Files.writeString(dir.resolve("a/app.conf"), "listen 80\nuser www\n");
        Files.writeString(dir.resolve("a/b/deep.conf"), "secret=GATOR_TOKEN_42\n");
        Files.writeString(dir.resolve("a/b/c/deeper.conf"), "nothing here\n");
        byte[] big = new byte[3 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        Files.write(dir.resolve("big.bin"), big);
        Path exe = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setLastModifiedTime(dir.resolve("a/app.conf"), FileTime.from(Instant.now().minus(10, ChronoUnit.DAYS)));
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve("log.gz")))) {
            o.write("line one\nfound ZIPPED_MARKER here\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    Result run(String searchJson) {
        return run(searchJson, ModuleContext.defaults());
    }

    Result run(String searchJson, ModuleContext ctx) {
        JsonNode p = MigJson.tree("{\"searches\":{\"s1\":" + searchJson.replace("$DIR", dir.toString()) + "}}");
        return runner.run(FileModule.INSTANCE.parse(p), ctx);
    }

    static TreeSet<String> files(Result r) {
        TreeSet<String> out = new TreeSet<>();
        r.elements().path("s1").forEach(m -> {
            if (!m.path("file").asText().isEmpty()) {
                out.add(m.path("file").asText());
            }
        });
        return out;
    }

    String p(String rel) {
        return dir.resolve(rel).toString();
    }

    static String opts(String extra) {
        return "\"options\":{\"matchall\":true,\"maxdepth\":1000,\"maxerrors\":30,\"matchlimit\":1000" + extra + "}";
    }

    static String shell(String... cmd) throws Exception {
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, pr.waitFor(), out);
        return out.trim().split("\\s+")[0];
    }

    @Test
    void nameRegexFindsFilesAtAnyDepthAndCountsThem() {
        Result r = run("{\"paths\":[\"$DIR\"],\"names\":[\"\\\\.conf$\"]," + opts("") + "}");
        assertEquals(new TreeSet<>(List.of(p("a/app.conf"), p("a/b/deep.conf"), p("a/b/c/deeper.conf"))), files(r));
        assertTrue(r.foundAnything());
        assertEquals(3, r.statistics().path("totalhits").asInt());
        assertEquals(7, r.statistics().path("filescount").asInt());
    }

    @Test
    void maxDepthLimitsTheWalk() {
        Result r = run("{\"paths\":[\"$DIR\"],\"names\":[\"\\\\.conf$\"],\"options\":{\"matchall\":true,\"maxdepth\":2}}");
        assertEquals(new TreeSet<>(List.of(p("a/app.conf"))), files(r));
    }

    @Test
    void contentMatchesOnlyFilesWithTheLineAndNameAndContentMustBothMatch() {
        Result r = run("{\"paths\":[\"$DIR\"],\"names\":[\"conf\"],\"contents\":[\"GATOR_TOKEN_\\\\d+\"]," + opts("") + "}");
        assertEquals(new TreeSet<>(List.of(p("a/b/deep.conf"))), files(r));
    }

    @Test
    void inverseContentRegexMatchesFilesWithoutTheLine() {
        Result r = run("{\"paths\":[\"$DIR/a\"],\"contents\":[\"!GATOR_TOKEN\"]," + opts("") + "}");
        assertEquals(new TreeSet<>(List.of(p("a/app.conf"), p("a/b/c/deeper.conf"))), files(r));
    }

    @Test
    void macroalRequiresEveryLineToMatch() {
        Result r = run("{\"paths\":[\"$DIR\"],\"contents\":[\"^[a-z]+:x:\"]," + opts(",\"macroal\":true") + "}");
        assertEquals(new TreeSet<>(List.of(p("passwd"))), files(r));
        Result without = run("{\"paths\":[\"$DIR\"],\"contents\":[\"^root:x:\"]," + opts("") + "}");
        assertEquals(new TreeSet<>(List.of(p("passwd"))), files(without));
        Result strict = run("{\"paths\":[\"$DIR\"],\"contents\":[\"^root:x:\"]," + opts(",\"macroal\":true") + "}");
        assertTrue(files(strict).isEmpty());
    }

    @Test
    void sizesModesAndMtimesFilter() {
        assertEquals(new TreeSet<>(List.of(p("big.bin"))),
                files(run("{\"paths\":[\"$DIR\"],\"sizes\":[\">1m\"]," + opts("") + "}")));
        assertEquals(new TreeSet<>(List.of(p("run.sh"))),
                files(run("{\"paths\":[\"$DIR\"],\"modes\":[\"^-rwxr-xr-x$\"]," + opts("") + "}")));
        assertEquals(new TreeSet<>(List.of(p("a/app.conf"))),
                files(run("{\"paths\":[\"$DIR\"],\"mtimes\":[\">5d\"]," + opts("") + "}")));
        assertFalse(files(run("{\"paths\":[\"$DIR\"],\"mtimes\":[\"<1h\"]," + opts("") + "}")).contains(p("a/app.conf")));
    }

    @Test
    void hashesMatchWhatCoreutilsComputes() throws Exception {
        String big = p("big.bin");
        String sha256 = shell("sha256sum", big);
        String md5 = shell("md5sum", big);
        String sha1 = shell("sha1sum", big);
        String sha512 = shell("sha512sum", big);
        String sha384 = shell("sha384sum", big);
        for (String f : List.of("\"sha2\":[\"" + sha256.toUpperCase() + "\"]", "\"md5\":[\"" + md5 + "\"]",
                "\"sha1\":[\"" + sha1 + "\"]", "\"sha2\":[\"" + sha512 + "\"]", "\"sha2\":[\"" + sha384 + "\"]")) {
            assertEquals(new TreeSet<>(List.of(big)), files(run("{\"paths\":[\"$DIR\"]," + f + "," + opts("") + "}")), f);
        }
    }

    @Test
    void sha3MatchesPythonHashlib() throws Exception {
        String big = p("big.bin");
        for (String alg : List.of("sha3_224", "sha3_256", "sha3_384", "sha3_512")) {
            String h = shell("python3", "-c", "import hashlib,sys;print(hashlib." + alg + "(open(sys.argv[1],'rb').read()).hexdigest())", big);
            assertEquals(new TreeSet<>(List.of(big)),
                    files(run("{\"paths\":[\"$DIR\"],\"sha3\":[\"" + h + "\"]," + opts("") + "}")), alg);
        }
    }

    @Test
    void returnSha256GivesTheUpperCaseDigest() throws Exception {
        Result r = run("{\"paths\":[\"$DIR/passwd\"],\"names\":[\"passwd\"]," + opts(",\"returnsha256\":true") + "}");
        assertEquals(shell("sha256sum", p("passwd")).toUpperCase(), r.elements().path("s1").get(0).path("fileinfo").path("sha256").asText());
        assertEquals(1, r.statistics().path("filescount").asInt());
    }

    @Test
    void mismatchInvertsAFilter() {
        Result r = run("{\"paths\":[\"$DIR/a\"],\"names\":[\"^deep\"],\"options\":{\"matchall\":true,\"mismatch\":[\"name\"]}}");
        assertEquals(new TreeSet<>(List.of(p("a/app.conf"))), files(r));
    }

    @Test
    void matchAnyReportsEachCheckSeparately() {
        Result r = run("{\"paths\":[\"$DIR\"],\"names\":[\"^passwd$\"],\"sizes\":[\">2m\"],\"options\":{\"matchall\":false}}");
        List<String> checks = new ArrayList<>();
        r.elements().path("s1").forEach(m -> checks.add(m.path("file").asText() + "|" + m.path("search").path("names") + m.path("search").path("sizes")));
        assertEquals(List.of(p("passwd") + "|[\"^passwd$\"]", p("big.bin") + "|[\">2m\"]"), checks);
        assertEquals(dir.toString(), r.elements().path("s1").get(0).path("search").path("paths").get(0).asText());
        assertEquals(2, r.statistics().path("totalhits").asInt());
    }

    @Test
    void matchLimitStopsTheSearch() {
        Result r = run("{\"paths\":[\"$DIR\"],\"names\":[\".\"],\"options\":{\"matchall\":true,\"matchlimit\":2}}");
        assertTrue(files(r).size() <= 3, files(r).toString());
        assertTrue(files(r).size() >= 2);
    }

    @Test
    void hashingAheadKeepsTheWalkOrderAndTheMatchLimitOfOneFileAtATime() throws Exception {
        // a hash search hashes on the run's threads ahead of the walk; a names-only search evaluates one by one
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("HIT\n".getBytes(StandardCharsets.UTF_8)));
        int hits = 0;
        for (int d = 0; d < 5; d++) {
            Path sub = Files.createDirectories(dir.resolve("many/d" + d));
            for (int i = 0; i < 40; i++) {
                boolean hit = (i + d) % 3 == 0;
                hits += hit ? 1 : 0;
                Files.writeString(sub.resolve((hit ? "hit-" : "miss-") + i), hit ? "HIT\n" : "miss " + i + "\n");
            }
        }
        for (String limit : List.of("1000", "7")) {
            String o = "\"options\":{\"matchall\":true,\"maxdepth\":1000,\"matchlimit\":" + limit + "}";
            List<String> oneByOne = ordered(run("{\"paths\":[\"$DIR/many\"],\"names\":[\"^hit-\"]," + o + "}"));
            List<String> ahead = ordered(run("{\"paths\":[\"$DIR/many\"],\"sha2\":[\"" + sha + "\"]," + o + "}"));
            assertEquals(oneByOne, ahead, "limit " + limit);
            assertEquals(limit.equals("7") ? 7 : hits, ahead.size(), "limit " + limit);
        }
    }

    static List<String> ordered(Result r) {
        List<String> out = new ArrayList<>();
        r.elements().path("s1").forEach(m -> out.add(m.path("file").asText()));
        return out;
    }

    @Test
    void theFilesOfASearchAreTheFilesItsResultListsInTheSameOrder() {
        for (String search : List.of(
                "{\"paths\":[\"$DIR\"],\"names\":[\"\\\\.conf$\"]," + opts("") + "}",
                "{\"paths\":[\"$DIR\"],\"names\":[\"conf\", \"run\"],\"contents\":[\"GATOR_TOKEN_\"],"
                        + "\"options\":{\"matchall\":false,\"maxdepth\":1000}}",
                "{\"paths\":[\"$DIR\"],\"names\":[\"nothing-has-this-name\"]," + opts("") + "}")) {
            JsonNode p = MigJson.tree(search.replace("$DIR", dir.toString()));
            FileSearch fs = FileModule.INSTANCE.parse(MigJson.tree("{\"searches\":{\"s1\":" + p + "}}"))
                    .searches().get("s1");
            List<String> listed = ordered(run(search));
            assertEquals(listed, runner.files(fs, ModuleContext.defaults()), search);
        }
    }

    @Test
    void decompressSearchesInsideGzip() {
        assertTrue(files(run("{\"paths\":[\"$DIR\"],\"contents\":[\"ZIPPED_MARKER\"]," + opts("") + "}")).isEmpty());
        assertEquals(new TreeSet<>(List.of(p("log.gz"))),
                files(run("{\"paths\":[\"$DIR\"],\"contents\":[\"ZIPPED_MARKER\"]," + opts(",\"decompress\":true") + "}")));
    }

    @Test
    void nothingFoundGivesAnEmptyEntryAndBrokenLinksCountAsOpenFailures() throws IOException {
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("missing-target"));
        Files.createSymbolicLink(dir.resolve("a/b/c/loop"), dir.resolve("a"));
        Result r = run("{\"paths\":[\"$DIR\"],\"names\":[\"^zzz_nothing$\"]," + opts("") + "}");
        assertFalse(r.foundAnything());
        assertTrue(r.success());
        JsonNode e = r.elements().path("s1").get(0);
        assertEquals("", e.path("file").asText());
        assertEquals("", e.path("fileinfo").path("mode").asText());
        assertEquals(1, r.statistics().path("openfailed").asInt());
        assertEquals(List.of("ERROR: followSymLink() -> lstat " + p("missing-target") + ": no such file or directory"), r.errors());
    }

    @Test
    void maxErrorsBoundsTheReturnedErrors() throws IOException {
        for (int i = 0; i < 5; i++) {
            Files.createSymbolicLink(dir.resolve("dangling" + i), dir.resolve("missing" + i));
        }
        Result r = run("{\"paths\":[\"$DIR\"],\"names\":[\"x\"],\"options\":{\"matchall\":true,\"maxerrors\":2}}");
        assertEquals(3, r.errors().size());
        assertEquals("3 errors were not returned (max errors = 2)", r.errors().get(2));
        assertEquals(5, r.statistics().path("openfailed").asInt());
    }

    @Test
    void extraPrivacyMasksFileNamesAndErrors() throws IOException {
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("missing-target"));
        Result r = run("{\"paths\":[\"$DIR\"],\"names\":[\"^passwd$\"]," + opts("") + "}",
                ModuleContext.defaults().withExtraPrivacy(true));
        assertEquals("masked", r.elements().path("s1").get(0).path("file").asText());
        assertEquals(List.of("masked"), r.errors());
    }

    @Test
    void badParametersNameTheField() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> run("{\"paths\":[\"$DIR\"],\"sizes\":[\"big\"]," + opts("") + "}"));
        assertEquals("searches.s1.sizes[0]", e.field());
        e = assertThrows(InvalidParametersException.class, () -> run("{\"paths\":[\"$DIR\"],\"names\":[\"([a-\"]}"));
        assertEquals("searches.s1.names[0]", e.field());
        e = assertThrows(InvalidParametersException.class, () -> run("{\"names\":[\"a\"]}"));
        assertEquals("searches.s1.paths", e.field());
        e = assertThrows(InvalidParametersException.class, () -> run("{\"paths\":[\"/\"],\"sha2\":[\"abc\"]}"));
        assertEquals("searches.s1.sha2[0]", e.field());
    }

    @Test
    void aCancelledRunStopsPromptly() throws Exception {
        for (int i = 0; i < 200; i++) {
            Files.write(dir.resolve("a/b/f" + i), new byte[64 * 1024]);
        }
        ModuleContext ctx = ModuleContext.defaults();
        ctx.cancel();
        long t0 = System.nanoTime();
        assertThrows(ModuleCancelledException.class,
                () -> run("{\"paths\":[\"$DIR\"],\"sha2\":[\"" + "0".repeat(64) + "\"]," + opts("") + "}", ctx));
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
        // and an interrupt from another thread cuts a running search
        ModuleContext live = ModuleContext.defaults();
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    run("{\"paths\":[\"$DIR\"],\"sha2\":[\"" + "0".repeat(64) + "\"]," + opts("") + "}", live);
                }
            } catch (ModuleCancelledException expected) {
                // stopped
            }
        });
        t.start();
        Thread.sleep(200);
        t.interrupt();
        t.join(2000);
        assertFalse(t.isAlive());
    }
}
