package io.gator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.console.ConsoleCompleter;
import io.gator.cli.console.ConsoleContext;
import io.gator.core.json.MigJson;
import io.gator.core.manifest.ManifestArchive;
import io.gator.core.testing.Fixtures;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's loader and manifest readers, {@code create loader|manifest} and {@code search loader|manifest},
 * typed into a terminal against an API stand-in that answers what MIG's API answered.
 */
class ConsoleLoaderReaderTest {
    private static final JsonNode EMPTY = MigJson.tree("{\"collection\":{\"version\":\"1.0\",\"items\":[]}}");

    private static FakeApi.Reply replay(MigExchanges.Exchange e) {
        return new FakeApi.Reply(e.status(), e.response());
    }

    @Test
    void theLoaderReaderShowsTheEntryAsMigAndEnablesSetsItsEnvironmentAndMakesAKeyOnlyWhenConfirmed(@TempDir Path dir)
            throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("loader", r -> replay(MigExchanges.exchange("loader-02b-show-loader.txt",
                    "GET /api/v1/loader?loaderid=1 HTTP/1.1")));
            api.on("loader/status/", r -> FakeApi.ok(EMPTY)).on("loader/expect/", r -> FakeApi.ok(EMPTY));
            api.on("loader/key/", r -> FakeApi.ok(FakeApi.items("loader", List.of(MigJson.tree(
                    "{\"id\":1,\"name\":\"cap2-loader\",\"prefix\":\"Pd1NkCXz\",\"key\":\"" + "q".repeat(32) + "\"}")))));
            api.on("search", r -> FakeApi.ok(FakeApi.items("loader", List.of(MigJson.tree(
                    "{\"id\":1,\"name\":\"cap2-loader\",\"agentname\":\"vm\",\"enabled\":true,"
                            + "\"lastseen\":\"2026-12-02T09:33:25.206038Z\"}")))));
            ConsoleTest.Run r = ConsoleTest.console(api, dir, String.join("\n", "loader 1", "json", "enable",
                    "expectenv \"env#>>'{os}'='windows'\"", "key", "key -yes", "exit",
                    "search loader where name=cap2*", "quit", ""));
            assertTrue(r.out().contains("Entering loader reader mode. Type exit or press ctrl+d to leave. help may help.\n"
                    + "Loader: 'cap2-loader'.\nStatus 'true'.\n"), r.out());
            assertTrue(r.out().contains(MigExchanges.printed("02b-show-loader.txt", "loader 1>", "json")), r.out());
            assertTrue(r.out().contains("Loader has been enabled\nreloaded\nExpected environment match set\nreloaded\n"),
                    r.out());
            assertEquals(Map.of("loaderid", "1", "status", "enabled"), api.requests("loader/status/").get(0).form());
            assertEquals(Map.of("expectenv", "env#>>'{os}'='windows'", "loaderid", "1"),
                    api.requests("loader/expect/").get(0).form());
            assertEquals(1, api.requests("loader/key/").size(), "only 'key -yes' made a new key");
            assertTrue(r.out().contains("Loader key including prefix to supply to client will be \"Pd1NkCXz"
                    + "q".repeat(32) + "\""), r.out());
            assertTrue(r.terminal().contains("mig loader 1> "), r.terminal());
            assertEquals("search?type=loader&loadername=cap2%25&limit=100", api.requests("search").get(0).pathAndQuery());
            assertTrue(r.out().contains("     1   cap2-loader                vm                         true"), r.out());
        }
    }

    @Test
    void theManifestReaderShowsJsonEntryShasumAndLoadersAndSignsResetsThroughMig(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("manifest", r -> replay(MigExchanges.exchange("loader-06-sign-mallory.txt",
                    "GET /api/v1/manifest?manifestid=1 HTTP/1.1", 1)));
            api.on("manifest/loaders/", r -> replay(MigExchanges.exchange("loader-06-sign-mallory.txt",
                    "GET /api/v1/manifest/loaders/?manifestid=1 HTTP/1.1")));
            api.on("manifest/sign/", r -> FakeApi.ok(EMPTY)).on("manifest/status/", r -> FakeApi.ok(EMPTY));
            ConsoleTest.Run r = ConsoleTest.console(api, dir, String.join("\n", "manifest 1", "json", "shasum",
                    "loaders", "sign", "reset", "bogus", "exit", "quit", ""));
            assertTrue(r.out().contains("Manifest: 'cap2-manifest-v1'.\nStatus 'active'.\n"), r.out());
            assertTrue(r.out().contains(MigExchanges.printed("06-sign-mallory.txt", "manifest 1>", "json")), r.out());
            assertTrue(r.out().contains(MigExchanges.printed("06-sign-mallory.txt", "manifest 1>", "loaders")), r.out());
            assertTrue(r.out().matches("(?s).*[0-9a-f]{64}  configuration\n[0-9a-f]{64}  mig-agent\n.*"), r.out());
            assertTrue(r.out().contains("Manifest signature has been accepted\nManifest record has been reset\n"), r.out());
            assertEquals("1", api.requests("manifest/sign/").get(0).form().get("manifestid"));
            assertEquals(Map.of("manifestid", "1", "status", "staged"), api.requests("manifest/status/").get(0).form());
            assertTrue(r.out().contains("Unknown order 'bogus'. You are in manifest reader mode. Try `help`."), r.out());
            assertTrue(r.terminal().contains("mig manifest 1> "), r.terminal());
        }
    }

    @Test
    void createLoaderAndCreateManifestGoThroughMigWithTheirQuotedExpressions(@TempDir Path dir) throws Exception {
        Path archive = Fixtures.path(MigExchanges.DIR + "loader/inputs/manifest-v2.tar.gz");
        try (FakeApi api = new FakeApi()) {
            api.on("loader/new/", r -> replay(MigExchanges.exchange("loader-01-create-loader.txt",
                    "POST /api/v1/loader/new/ HTTP/1.1")));
            api.on("manifest/new/", r -> new FakeApi.Reply(201, EMPTY));
            ConsoleTest.Run r = ConsoleTest.console(api, dir, String.join("\n",
                    "create loader cap2-loader \"env#>>'{os}'='linux'\"",
                    "create manifest cap2-manifest-v2 " + archive + " \"env#>>'{os}'='linux'\"", "quit", ""));
            JsonNode le = MigJson.tree(api.requests("loader/new/").get(0).form().get("loader"));
            assertEquals("env#>>'{os}'='linux'", le.path("expectenv").asText());
            assertTrue(r.out().contains("Pd1NkCXzmXcxQ4pytUOeKfDwzuQ1CrdyEWEP7fhQ"), r.out());
            JsonNode mr = MigJson.tree(api.requests("manifest/new/").get(0).form().get("manifest"));
            assertEquals("env#>>'{os}'='linux'", mr.path("target").asText());
            assertEquals(ManifestArchive.read(java.nio.file.Files.readAllBytes(archive)).manifest(),
                    ManifestArchive.read(Base64.getDecoder().decode(mr.path("content").asText())).manifest());
            assertTrue(r.out().contains("Manifest successfully created"), r.out() + r.err());
        }
    }

    @Test
    void tabCompletesTheReadersOrdersAndTheSearchTypesAndKeys() {
        assertTrue(ConsoleCompleter.candidates(new ConsoleContext.TopLevel(), List.of()).containsAll(
                List.of("loader", "manifest")));
        assertTrue(ConsoleCompleter.candidates(new ConsoleContext.TopLevel(), List.of("create")).containsAll(
                List.of("loader", "manifest")));
        assertTrue(ConsoleCompleter.candidates(new ConsoleContext.TopLevel(), List.of("search")).containsAll(
                List.of("loader", "manifest")));
        assertTrue(ConsoleCompleter.candidates(new ConsoleContext.TopLevel(), List.of("search", "manifest", "where"))
                .containsAll(List.of("manifestname=", "manifestid=", "status=")));
        assertEquals(List.of("disable", "enable", "expectenv", "exit", "help", "json", "key", "r"),
                ConsoleCompleter.candidates(new ConsoleContext.InLoader(1), List.of()));
        assertTrue(ConsoleCompleter.candidates(new ConsoleContext.InManifest(1), List.of()).containsAll(
                List.of("sign", "reset", "entry", "shasum", "loaders", "fetch")));
        assertEquals(List.of("-yes"), ConsoleCompleter.candidates(new ConsoleContext.InLoader(1), List.of("key")));
    }
}
