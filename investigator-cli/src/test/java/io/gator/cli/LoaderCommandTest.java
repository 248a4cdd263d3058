package io.gator.cli;

import static io.gator.cli.FakeApi.items;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import io.gator.core.manifest.ManifestArchive;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.PgpSigner;
import io.gator.core.sign.PgpVerifier;
import io.gator.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mig loader} and {@code mig manifest} against an API stand-in answering what MIG's API answered
 * (fixtures' http/), the requests compared with what mig-console sent and the output with what it printed.
 */
class LoaderCommandTest {
    static final KeyGen.GeneratedKey KEY = KeyGen.rsa("loader test <l@example.net>", 2048);
    private static final String SRC = MigExchanges.DIR + "loader/inputs/manifest-src/";

    private static MigMainTest.Cli cli() throws Exception {
        PgpSigner pgp = PgpSigner.of(KEY);
        return new MigMainTest.Cli(MigMainTest.noInput(), Map.of(), rc -> pgp::sign);
    }

    private static FakeApi.Reply replay(MigExchanges.Exchange e) {
        return new FakeApi.Reply(e.status(), e.response());
    }

    private static int run(MigMainTest.Cli cli, FakeApi api, Path dir, String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(args));
        argv.addAll(List.of("-c", api.migrc(dir).toString()));
        return cli.main.run(argv);
    }

    @Test
    void createLoaderSendsMigsRecordAndPrintsTheWholeKeyOnce(@TempDir Path dir) throws Exception {
        MigExchanges.Exchange migs = MigExchanges.exchange("loader-01-create-loader.txt", "POST /api/v1/loader/new/ HTTP/1.1");
        try (FakeApi api = new FakeApi()) {
            api.on("loader/new/", r -> replay(migs));
            MigMainTest.Cli cli = cli();
            assertEquals(0, run(cli, api, dir, "loader", "create", "cap2-loader"), cli.err());
            assertEquals(migs.body(), "loader=" + java.net.URLEncoder.encode(
                    api.requests("loader/new/").get(0).form().get("loader"), StandardCharsets.UTF_8),
                    "the same form as mig-console's");
            assertEquals("Loader key including prefix to supply to client will be "
                    + "\"Pd1NkCXzmXcxQ4pytUOeKfDwzuQ1CrdyEWEP7fhQ\"\n"
                    + "New entry successfully created (id 1) but is disabled\n", cli.out());
        }
    }

    @Test
    void showJsonPrintsTheLoaderEntryAsMigConsolesJsonOrder(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("loader", r -> replay(MigExchanges.exchange("loader-02b-show-loader.txt",
                    "GET /api/v1/loader?loaderid=1 HTTP/1.1")));
            MigMainTest.Cli cli = cli();
            assertEquals(0, run(cli, api, dir, "loader", "show", "1", "-json"), cli.err());
            assertEquals(MigExchanges.printed("02b-show-loader.txt", "loader 1>", "json") + "\n", cli.out());
            assertEquals("loader?loaderid=1", api.requests("loader").get(0).pathAndQuery());
        }
    }

    @Test
    void enableDisableAndExpectEnvSendMigsForms(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            JsonNode empty = MigJson.tree("{\"collection\":{\"version\":\"1.0\",\"items\":[]}}");
            api.on("loader/status/", r -> FakeApi.ok(empty)).on("loader/expect/", r -> FakeApi.ok(empty));
            MigMainTest.Cli cli = cli();
            assertEquals(0, run(cli, api, dir, "loader", "enable", "1"), cli.err());
            assertEquals(0, run(cli, api, dir, "loader", "expectenv", "1", "env#>>'{os}'='windows'"), cli.err());
            assertEquals(0, run(cli, api, dir, "loader", "expectenv", "1"), cli.err());
            assertEquals(0, run(cli, api, dir, "loader", "disable", "1"), cli.err());
            assertEquals(Map.of("loaderid", "1", "status", "enabled"), api.requests("loader/status/").get(0).form());
            assertEquals(MigExchanges.exchange("loader-22-enable-set-expectenv.txt",
                    "POST /api/v1/loader/expect/ HTTP/1.1").body(), form(api.requests("loader/expect/").get(0).form()));
            assertEquals(MigExchanges.exchange("loader-24-clear-expectenv.txt",
                    "POST /api/v1/loader/expect/ HTTP/1.1").body(), form(api.requests("loader/expect/").get(1).form()));
            assertEquals(Map.of("loaderid", "1", "status", "disabled"), api.requests("loader/status/").get(1).form());
            assertEquals("Loader has been enabled\nExpected environment match set\nExpected environment match cleared\n"
                    + "Loader has been disabled\n", cli.out());
        }
    }

    @Test
    void newKeyPrintsTheNewKeyWithItsPrefix(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            JsonNode le = MigJson.tree("{\"id\":4,\"name\":\"l4\",\"prefix\":\"AbCdEfGh\",\"key\":\""
                    + "k".repeat(32) + "\",\"enabled\":true}");
            api.on("loader/key/", r -> FakeApi.ok(items("loader", List.of(le))));
            MigMainTest.Cli cli = cli();
            assertEquals(0, run(cli, api, dir, "loader", "newkey", "4"), cli.err());
            assertEquals(Map.of("loaderid", "4"), api.requests("loader/key/").get(0).form());
            assertEquals("Loader key changed\nLoader key including prefix to supply to client will be \"AbCdEfGh"
                    + "k".repeat(32) + "\"\n", cli.out());
        }
    }

    @Test
    void manifestShowJsonEntryAndLoadersPrintWhatMigConsolePrinted(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("manifest", r -> replay(MigExchanges.exchange("loader-06-sign-mallory.txt",
                    "GET /api/v1/manifest?manifestid=1 HTTP/1.1", 1)));
            api.on("manifest/loaders/", r -> replay(MigExchanges.exchange("loader-06-sign-mallory.txt",
                    "GET /api/v1/manifest/loaders/?manifestid=1 HTTP/1.1")));
            MigMainTest.Cli cli = cli();
            assertEquals(0, run(cli, api, dir, "manifest", "show", "1", "-json"), cli.err());
            assertEquals(MigExchanges.printed("06-sign-mallory.txt", "manifest 1>", "json") + "\n", cli.out());
            cli.out.reset();
            assertEquals(0, run(cli, api, dir, "manifest", "loaders", "1"), cli.err());
            assertEquals(MigExchanges.printed("06-sign-mallory.txt", "manifest 1>", "loaders") + "\n", cli.out());
            cli.out.reset();
            // entry: MIG's layout, but whole-file hashes (MIG's API hashed files cut to 4 KiB blocks: empty here)
            assertEquals(0, run(cli, api, dir, "manifest", "show", "1", "-entry"), cli.err());
            String mig = MigExchanges.printed("06-sign-mallory.txt", "manifest 1>", "entry");
            ManifestArchive v1 = ManifestArchive.read(Files.readAllBytes(Fixtures.path(MigExchanges.DIR
                    + "loader/inputs/manifest-v1.tar.gz")));
            String cfg = v1.file("configuration").orElseThrow().sha256();
            String agent = v1.file("mig-agent").orElseThrow().sha256();
            String empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
            assertEquals(mig.replaceFirst(empty, cfg).replaceFirst(empty, agent) + "\n", cli.out());
            cli.out.reset();
            assertEquals(0, run(cli, api, dir, "manifest", "show", "1", "-shasum"), cli.err());
            assertEquals(cfg + "  configuration\n" + agent + "  mig-agent\n", cli.out());
        }
    }

    @Test
    void signPostsASignatureOfTheManifestSignedStringThatVerifiesWithTheInvestigatorsKey(@TempDir Path dir)
            throws Exception {
        MigExchanges.Exchange get = MigExchanges.exchange("loader-08-create-sign-v2.txt",
                "GET /api/v1/manifest?manifestid=2 HTTP/1.1");
        try (FakeApi api = new FakeApi()) {
            api.on("manifest", r -> replay(get));
            api.on("manifest/sign/", r -> FakeApi.ok(MigJson.tree("{\"collection\":{}}")));
            MigMainTest.Cli cli = cli();
            assertEquals(0, run(cli, api, dir, "manifest", "sign", "2"), cli.err());
            assertEquals("Manifest signature has been accepted\n", cli.out());
            Map<String, String> form = api.requests("manifest/sign/").get(0).form();
            assertEquals("2", form.get("manifestid"));
            byte[] tgz = Base64.getDecoder().decode(get.response().path("collection").path("items").get(0)
                    .path("data").get(0).path("value").path("content").asText());
            String signed = ManifestArchive.read(tgz).manifest().signedString();
            assertTrue(signed.startsWith("{\"loader_name\":\"\",\"entries\":[{\"name\":\"configuration\""), signed);
            PgpVerifier v = new PgpVerifier(Keyring.ofArmored(KEY.armoredPublicKey()));
            assertEquals(KEY.fingerprint().toUpperCase(), v.verify(signed.getBytes(StandardCharsets.UTF_8),
                    form.get("signature")).toUpperCase());
            // MIG's signed string of the same archive (its hashes of truncated files) is another string
            String migs = Fixtures.read(MigExchanges.DIR + "loader/signed-string/manifest2-signed-string.txt");
            assertNotEquals(migs, signed);
            assertThrows(Exception.class, () -> v.verify(migs.getBytes(StandardCharsets.UTF_8), form.get("signature")));
        }
    }

    @Test
    void createFromFilesPostsMigsRecordWithATarGzOfExactlyThoseFiles(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("manifest/new/", r -> new FakeApi.Reply(201, MigJson.tree("{\"collection\":{\"items\":[]}}")));
            MigMainTest.Cli cli = cli();
            Path agent = Fixtures.path(SRC + "v2/mig-agent");
            Path cfg = Fixtures.path(SRC + "v2/configuration");
            assertEquals(0, run(cli, api, dir, "manifest", "create", "cap2-manifest-v2", "-target",
                    "env#>>'{os}'='linux'", "-mig-agent", agent.toString(), "-configuration", cfg.toString()), cli.err());
            assertEquals("Manifest successfully created (staged until signed)\n", cli.out());
            JsonNode posted = MigJson.tree(api.requests("manifest/new/").get(0).form().get("manifest"));
            assertEquals(List.of("id", "name", "content", "timestamp", "status", "target", "signatures"),
                    iterable(posted.fieldNames()));
            assertEquals("env#>>'{os}'='linux'", posted.path("target").asText());
            assertEquals("staged", posted.path("status").asText());
            ManifestArchive a = ManifestArchive.read(Base64.getDecoder().decode(posted.path("content").asText()));
            assertEquals(List.of("mig-agent", "configuration"), a.files().stream().map(ManifestArchive.File::name).toList());
            assertArrayEquals(Files.readAllBytes(agent), a.file("mig-agent").orElseThrow().content());
            assertArrayEquals(Files.readAllBytes(cfg), a.file("configuration").orElseThrow().content());
            assertTrue(cli.err().contains(ManifestArchive.sha256(Files.readAllBytes(agent)) + "  mig-agent"), cli.err());
        }
    }

    @Test
    void createRefusesAnArchiveThatIsNotATarGzBeforeSendingAnything(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            Path bad = Files.writeString(dir.resolve("bad.tar.gz"), "not an archive");
            MigMainTest.Cli cli = cli();
            assertEquals(1, run(cli, api, dir, "manifest", "create", "m-bad", "-target", "true", "-archive",
                    bad.toString()));
            assertTrue(cli.err().contains("not a readable tar.gz"), cli.err());
            assertEquals(0, api.requests("manifest/new/").size());
        }
    }

    @Test
    void statusActiveIsRefusedHereDisabledAndResetSendMigsFormsAndTheApisRefusalIsShown(@TempDir Path dir)
            throws Exception {
        MigExchanges.Exchange authOn = MigExchanges.exchange("loader-17-disable-v3.txt",
                "POST /api/v1/manifest/status/ HTTP/1.1");
        try (FakeApi api = new FakeApi()) {
            MigMainTest.Cli cli = cli();
            assertEquals(1, run(cli, api, dir, "manifest", "status", "3", "active"));
            assertTrue(cli.err().contains("mig manifest sign 3"), cli.err());
            assertEquals(0, api.requests("manifest/status/").size());
            api.on("manifest/status/", r -> FakeApi.ok(MigJson.tree("{\"collection\":{}}")));
            assertEquals(0, run(cli, api, dir, "manifest", "status", "3", "disabled"), cli.err());
            assertEquals(authOn.body(), form(api.requests("manifest/status/").get(0).form()));
            assertEquals(0, run(cli, api, dir, "manifest", "reset", "3"), cli.err());
            assertEquals(Map.of("manifestid", "3", "status", "staged"), api.requests("manifest/status/").get(1).form());
            assertEquals("Manifest record has been disabled\nManifest record has been reset\n", cli.out());
            api.on("manifest/status/", r -> replay(authOn));
            assertEquals(1, run(cli, api, dir, "manifest", "disable", "3"));
            assertTrue(cli.err().contains("Insufficient permissions to access endpoint"), cli.err() + "//" + cli.out());
        }
    }

    @Test
    void listsPrintMigConsolesSearchTables(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            JsonNode le = MigJson.tree("{\"id\":1,\"name\":\"cap2-loader\",\"agentname\":\"vm\",\"enabled\":true,"
                    + "\"lastseen\":\"2026-12-02T09:33:25.206038Z\"}");
            JsonNode mr = MigJson.tree("{\"id\":2,\"name\":\"cap2-manifest-v2\",\"status\":\"active\","
                    + "\"target\":\"env#>>'{os}'='linux'\",\"timestamp\":\"2026-12-02T09:34:21.135517Z\"}");
            api.on("search", r -> FakeApi.ok(r.pathAndQuery().contains("type=loader") ? items("loader", List.of(le))
                    : items("manifest", List.of(mr))));
            MigMainTest.Cli cli = cli();
            assertEquals(0, run(cli, api, dir, "loader", "list", "-name", "cap2*"), cli.err());
            assertEquals(0, run(cli, api, dir, "manifest", "list", "-status", "active"), cli.err());
            assertEquals("search?type=loader&loadername=cap2%25&limit=100", api.requests("search").get(0).pathAndQuery());
            assertEquals("search?type=manifest&status=active&limit=100", api.requests("search").get(1).pathAndQuery());
            assertEquals(String.join("\n",
                    "- ID - + ----      Name      ---- + ----   Agent Name   ---- + -- Enabled - + -- Last Used ---",
                    "     1   cap2-loader                vm                         true           2026-12-02T09:33:25Z",
                    "- ID - + ----      Name      ---- + -- Status -- + -------------- Target -------- + ---- Timestamp ---",
                    "     2   cap2-manifest-v2           active         env#>>'{os}'='linux'             2026-12-02T09:34:21Z",
                    ""), cli.out());
        }
    }

    @Test
    void usageAndMistakesAreExplained(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            MigMainTest.Cli cli = cli();
            assertEquals(0, cli.main.run(List.of("help", "manifest")));
            assertTrue(cli.out().contains("mig manifest sign <id>"), cli.out());
            cli.out.reset();
            assertEquals(0, cli.main.run(List.of("help")));
            assertTrue(cli.out().contains("mig loader create <name>") && cli.out().contains("mig manifest create <name>"),
                    cli.out());
            cli.out.reset();
            assertEquals(0, cli.main.run(List.of("completion", "bash")));
            assertTrue(cli.out().contains("loader) if [ $COMP_CWORD -eq 2 ]; then words=\"create show list enable "
                    + "disable newkey expectenv\""), cli.out());
            assertTrue(cli.out().contains("create) words=\"-target -archive -mig-agent -mig-loader -configuration "
                    + "-agentcert -agentkey -cacert -loaderconfig -json -c\""), cli.out());
            assertTrue(cli.out().contains("status) words=\"staged disabled -c\""), cli.out());
            assertEquals(1, run(cli, api, dir, "loader", "show", "x"));
            assertTrue(cli.err().contains("invalid loader id 'x'"), cli.err());
            assertEquals(1, run(cli, api, dir, "manifest", "create", "m-one", "-target", "true"));
            assertTrue(cli.err().contains("no file: -archive"), cli.err());
            assertEquals(1, run(cli, api, dir, "loader", "create", "ab"));
            assertTrue(cli.err().contains("too short"), cli.err());
            assertEquals(0, api.requests.size(), "nothing reached the API");
        }
    }

    private static String form(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(sb.length() > 0 ? "&" : "").append(k).append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
