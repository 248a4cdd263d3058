package io.gator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.api.testing.ApiHarness;
import io.gator.api.web.SessionAuthenticator;
import io.gator.core.module.ModuleDefinitions;
import io.gator.core.module.flag.FlagForm;
import io.gator.core.module.flag.FlagValues;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/v1/modules and POST /api/v1/modules/parameters over real HTTP. */
class ModuleRoutesHttpTest {
    private static ApiHarness api;

    @BeforeAll
    static void start() {
        api = new ApiHarness(Instant.parse("2026-12-01T10:00:00Z"), "");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void theModulesListsEveryDefinitionWithItsFlags() {
        ApiHarness.Answer a = api.send(api.request("/api/v1/modules").header("X-PGPAUTHORIZATION", api.alice())
                .GET().build());
        assertEquals(200, a.status(), a.body());
        JsonNode modules = a.json().path("modules");
        assertEquals(ModuleDefinitions.names().size(), modules.size());
        JsonNode file = find(modules, "file");
        assertTrue(file.path("launchable").asBoolean());
        JsonNode path = find(file.path("flags"), "-path");
        assertEquals("repeated", path.path("kind").asText());
        assertTrue(path.path("repeatable").asBoolean());
        assertEquals("1000", find(file.path("flags"), "-maxdepth").path("default").asText());
        assertEquals("switch", find(file.path("flags"), "-matchany").path("kind").asText());
        JsonNode yara = find(modules, "yara");
        assertTrue(yara.path("launchable").asBoolean(), "the browser sends its rules file's content");
        assertEquals("-rules", yara.path("clientfile").asText());
        assertEquals("-path", find(modules, "scribe").path("clientfile").asText());
    }

    @Test
    void theOpenApiDocumentDescribesBoth() {
        JsonNode paths = api.get("/api/v1/openapi.json").json().path("paths");
        assertTrue(paths.path("/modules").has("get"));
        assertTrue(paths.path("/modules/parameters").has("post"));
    }

    @Test
    void modulesNeedsAnInvestigator() {
        assertEquals(401, api.send(api.request("/api/v1/modules").GET().build()).status());
    }

    @Test
    void flagValuesBecomeTheParametersTheCliSends() {
        ApiHarness.Answer a = parameters("file", "{\"-path\":[\"/etc\"],\"-name\":[\"^passwd$\"],\"-maxdepth\":\"3\"}");
        assertEquals(200, a.status(), a.body());
        JsonNode s = a.json().path("parameters").path("searches");
        assertTrue(s.isObject() && s.size() == 1, a.body());
        JsonNode search = s.elements().next();
        assertEquals("/etc", search.path("paths").path(0).asText(), a.body());
        assertEquals("^passwd$", search.path("names").path(0).asText(), a.body());
        assertEquals(3, search.path("options").path("maxdepth").asInt(), a.body());
    }

    @Test
    void aBadValueIsRefusedWithTheCliMessage() {
        ApiHarness.Answer a = parameters("file", "{\"-path\":[\"/etc\"],\"-name\":[\"(\"]}");
        assertEquals(400, a.status(), a.body());
        assertTrue(a.errorMessage().startsWith("Invalid regexp '('"), a.errorMessage());
        ApiHarness.Answer depth = parameters("file", "{\"-path\":[\"/etc\"],\"-maxdepth\":\"deep\"}");
        assertEquals(400, depth.status());
        assertTrue(depth.errorMessage().contains("-maxdepth"), depth.errorMessage());
    }

    @Test
    void aModuleWithMigsHelpTakesItsIntFlagsInDecimal() {
        ApiHarness.Answer ok = parameters("sshkey", "{\"-maxdepth\":\"3\"}");
        assertEquals(200, ok.status(), ok.body());
        ApiHarness.Answer bad = parameters("sshkey", "{\"-maxdepth\":\"three\"}");
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.errorMessage().contains("-maxdepth"), bad.errorMessage());
        JsonNode sshkey = find(api.get("/api/v1/modules").json().path("modules"), "sshkey");
        assertFalse(sshkey.path("help").asText().isEmpty(), "MIG's help text for the form");
    }

    @Test
    void unknownFlagsModulesAndClientFilesAreRefused() {
        assertTrue(parameters("file", "{\"-nope\":true}").errorMessage().contains("not defined: -nope"));
        assertTrue(parameters("nosuch", "{}").errorMessage().contains("unknown module"));
        ApiHarness.Answer yara = parameters("yara", "{\"-rules\":\"/etc/shadow\",\"-files\":\"-path /\"}");
        assertEquals(400, yara.status());
        assertTrue(yara.errorMessage().contains("form field 'clientfile'"), yara.errorMessage());
        ApiHarness.Answer scribe = parameters("scribe", "{\"-path\":\"/etc/passwd\"}");
        assertEquals(400, scribe.status(), "a path without content: the server opens no file");
        assertTrue(scribe.errorMessage().contains("form field 'clientfile'"), scribe.errorMessage());
        assertEquals(400, parameters("file", "{\"-path\":[\"/\"]}", "x").status(), "file reads no client file");
        assertEquals(400, parameters("file", "{\"-path\":\"/etc\"}").status(), "a repeated flag takes a list");
    }

    @Test
    void scribeWithTheDocumentsContentGivesWhatTheCliGivesForTheFile() throws Exception {
        Path doc = fixture("scribe/docs/doc1-packages.json");
        FlagForm form = ModuleDefinitions.get("scribe").flags().orElseThrow();
        JsonNode cli = form.parameters(FlagValues.of(Map.of("-path", doc.toString(), "-onlytrue", true,
                "-human", false, "-json", false)));
        ApiHarness.Answer a = parameters("scribe", "{\"-path\":\"doc1-packages.json\",\"-onlytrue\":true}",
                Files.readString(doc));
        assertEquals(200, a.status(), a.body());
        assertEquals(cli, a.json().path("parameters"));
        ApiHarness.Answer bad = parameters("scribe", "{}", "{\"objects\": 3");
        assertEquals(400, bad.status(), bad.body());
        assertFalse(bad.errorMessage().isEmpty());
    }

    @Test
    void yaraWithTheRulesTextGivesWhatTheCliGivesForTheFile() throws Exception {
        Path rules = fixture("yara/rules/two-rules.yar");
        JsonNode cli = ModuleDefinitions.get("yara").flags().orElseThrow().parameters(FlagValues.of(
                Map.of("-rules", rules.toString(), "-files", "-path /bin -name ssh")));
        ApiHarness.Answer a = parameters("yara", "{\"-files\":\"-path /bin -name ssh\"}", Files.readString(rules));
        assertEquals(200, a.status(), a.body());
        assertEquals(cli, a.json().path("parameters"));
        assertEquals(Files.readString(rules), a.json().path("parameters").path("yara").asText());
        assertEquals(400, parameters("yara", "{}", Files.readString(rules)).status(), "-files is still required");
    }

    @Test
    void anOversizedClientFileIsRefused() {
        ApiHarness.Answer a = parameters("yara", "{\"-files\":\"-path /bin\"}", "r".repeat(262_145));
        assertEquals(400, a.status(), a.body());
        assertTrue(a.errorMessage().contains("larger than the limit"), a.errorMessage());
    }

    @Test
    void readersCannotAskForParameters() {
        ApiHarness.Answer a = api.postForm("/api/v1/modules/parameters", api.token(ApiHarness.READER_FP),
                "module=file&values=%7B%7D");
        assertEquals(401, a.status(), "MIG's answer to a missing permission");
        assertEquals("Insufficient permissions to access endpoint", a.errorMessage());
    }

    @Test
    void withTheSessionCookieParametersNeedTheCsrfToken() {
        ApiHarness.Answer in = api.send(api.request("/api/v1/session").header("X-PGPAUTHORIZATION", api.alice())
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        String set = in.header("Set-Cookie").orElseThrow(() -> new AssertionError(in.body()));
        String cookie = set.substring(0, set.indexOf(';'));
        String form = "module=file&values=" + URLEncoder.encode("{\"-path\":[\"/\"]}", StandardCharsets.UTF_8);
        HttpRequest.Builder post = api.request("/api/v1/modules/parameters").header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded");
        assertEquals(403, api.send(post.copy().POST(HttpRequest.BodyPublishers.ofString(form)).build()).status());
        ApiHarness.Answer ok = api.send(post.copy().header(SessionAuthenticator.CSRF_HEADER,
                in.json().path("csrf").asText()).POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertEquals(200, ok.status(), ok.body());
    }

    private static ApiHarness.Answer parameters(String module, String values) {
        return api.postForm("/api/v1/modules/parameters", api.alice(), "module=" + module + "&values="
                + URLEncoder.encode(values, StandardCharsets.UTF_8));
    }

    private static ApiHarness.Answer parameters(String module, String values, String clientFile) {
        return api.postForm("/api/v1/modules/parameters", api.alice(), "module=" + module + "&values="
                + URLEncoder.encode(values, StandardCharsets.UTF_8)
                + "&clientfile=" + URLEncoder.encode(clientFile, StandardCharsets.UTF_8));
    }

    /** A module data fixture, read in place: the shared fixtures sit beside the project root. */
    private static Path fixture(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("../shared/fixtures/mig-wire/modules/data").resolve(name).normalize();
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new AssertionError("fixture " + name + " not found beside the project");
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode n : list) {
            if (n.path("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }
}
