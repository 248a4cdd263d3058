package io.gator.core.module.scribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.InvalidParametersException;
import io.gator.core.testing.Fixtures;
import io.gator.core.testing.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scribe definition against MIG's captures: refusals word for word, Go's re-serialisation, the printer. */
class ScribeModuleTest {
    private static final String CASES = "mig-wire/modules/scribe/";
    private static final ScribeModule M = ScribeModule.INSTANCE;

    private static JsonNode tree(String file) {
        return MigJson.tree(Fixtures.read(CASES + file));
    }

    @Test
    void documentsScribeRefusesAreRefusedWithMigsTextWordForWord() {
        int refused = 0;
        for (Path p : Fixtures.list(CASES, ".params.json")) {
            String base = p.getFileName().toString().replace(".params.json", "");
            JsonNode result = tree(base + ".result.json");
            if (result.path("success").asBoolean()) {
                M.parse(tree(base + ".params.json"));
                continue;
            }
            InvalidParametersException e = assertThrows(InvalidParametersException.class,
                    () -> M.parse(tree(base + ".params.json")), base);
            assertEquals(result.path("errors").get(0).asText(), e.getMessage(), base);
            refused++;
        }
        assertEquals(14, refused);
    }

    @Test
    void parametersAreWrittenAsMigsClientWritesThemInTheAction() {
        int compared = 0;
        for (Path p : Fixtures.list(CASES, ".cli-action.json")) {
            String base = p.getFileName().toString().replace(".cli-action.json", "");
            if (!Files.exists(p.resolveSibling(base + ".params.json"))) {
                continue;
            }
            JsonNode action = tree(base + ".cli-action.json").path("operations").get(0).path("parameters");
            ScribeParameters parsed = M.parse(tree(base + ".params.json"));
            List<String> diffs = JsonTrees.differences(action, M.toJson(parsed));
            assertTrue(diffs.isEmpty(), base + ": " + diffs);
            assertEquals(parsed, M.parse(M.toJson(parsed)), base);
            compared++;
        }
        assertEquals(8, compared);
    }

    @Test
    void printsAsMigsAgentPrintsEveryCapturedResult() {
        for (Path p : Fixtures.list(CASES, ".result.json")) {
            String base = p.getFileName().toString().replace(".result.json", "");
            Result r = MigJson.read(Fixtures.read(CASES + base + ".result.json"), Result.class);
            List<String> expected = untimed(Fixtures.read(CASES + base + ".pretty.txt"));
            assertEquals(expected, untimed(String.join("\n", M.printer().print(r, false))), base);
        }
    }

    @Test
    void localRunsPrintEveryResultButNoErrorsNorStatistics() {
        for (String base : List.of("03-deps", "05-deps-human")) {
            Result r = MigJson.read(Fixtures.read(CASES + base + ".result.json"), Result.class);
            String local = Fixtures.read(CASES + base + ".cli-local.txt").replace("[exit code: 0]\n", "");
            assertEquals(local, String.join("\n", M.printer().print(r, true)) + "\n", base);
        }
    }

    @Test
    void jsonOutputEscapesAsGo() {
        Result r = MigJson.read(Fixtures.read(CASES + "01-packages.result.json"), Result.class);
        JsonNode e = r.elements().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) e).put("jsonoutput", true);
        List<String> lines = M.printer().print(new Result(true, true, e, r.statistics(), r.errors()), true);
        assertEquals("{\"testid\":\"bash-bad-op\",\"name\":\"\",\"description\":\"\",\"iserror\":true,"
                + "\"error\":\"invalid evr operation \\u003c=\",\"masterresult\":false,\"hastrueresults\":false,\"results\":null}",
                lines.get(lines.size() - 1));
    }

    @Test
    void typeErrorsInsideTheDocumentNameGosStructAndPath() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> M.parse(MigJson.tree("{\"scribedoc\":{\"objects\":[{\"object\":5}]}}")));
        assertEquals("ReadInputParameters() -> json: cannot unmarshal number into Go struct field "
                + "Object.scribedoc.objects.object of type string", e.getMessage());
        e = assertThrows(InvalidParametersException.class, () -> M.parse(MigJson.tree("{\"onlytrue\":\"yes\"}")));
        assertEquals("ReadInputParameters() -> json: cannot unmarshal string into Go struct field "
                + "parameters.onlytrue of type bool", e.getMessage());
        // keys match whatever their case, as Go's
        assertTrue(M.parse(MigJson.tree("{\"OnlyTrue\":true}")).onlyTrue());
    }

    @Test
    void documentsLoadFromJsonOrYamlAndAreRefusedInScribesWords() throws Exception {
        Path docs = Fixtures.migWire().resolve("modules/data/scribe/docs");
        ScribeDocument json = DocumentLoader.load(Files.readAllBytes(docs.resolve("doc3-deps.json")));
        ScribeDocument yaml = DocumentLoader.load("""
                objects:
                  - object: raw-a
                    raw:
                      identifiers:
                        - identifier: a
                          value: 1.0
                tests:
                  - test: t-true
                    object: raw-a
                    evr: {operation: "=", value: "1.0"}
                """.getBytes(StandardCharsets.UTF_8));
        assertEquals(json.objects().get(0), yaml.objects().get(0));
        assertEquals("1.10", DocumentLoader.load("""
                objects:
                  - object: r
                    raw: {identifiers: [{identifier: a, value: 1.10}]}
                """.getBytes(StandardCharsets.UTF_8)).objects().get(0).raw().identifiers().get(0).value());
        assertEquals("unexpected end of JSON input", assertThrows(DocumentLoader.Refused.class,
                () -> DocumentLoader.load("{\"objects\": [".getBytes(StandardCharsets.UTF_8))).getMessage());
        assertEquals(json.tests().get(0), yaml.tests().get(0));
        assertEquals(Fixtures.read(CASES + "29-cli-not-json.cli-stderr.txt"), "error: "
                + assertThrows(DocumentLoader.Refused.class, () -> DocumentLoader.load(Files.readAllBytes(docs.resolve("not-json.txt")))).getMessage()
                + "\nexit code: 1\n");
        assertEquals("the document is too small to be valid (2 bytes)",
                assertThrows(DocumentLoader.Refused.class, () -> DocumentLoader.load(" \n{}".getBytes(StandardCharsets.UTF_8))).getMessage());
        assertEquals("t1: test cannot reference itself", assertThrows(DocumentLoader.Refused.class,
                () -> DocumentLoader.load(Files.readAllBytes(docs.resolve("invalid-selfref.json")))).getMessage());
    }

    @Test
    void goRegexpErrorsAreGosText() {
        record Case(String expr, String text) {}
        for (Case c : List.of(
                new Case("(unclosed", "error parsing regexp: missing closing ): `(unclosed`"),
                new Case("a[z", "error parsing regexp: missing closing ]: `[z`"),
                new Case("a)", "error parsing regexp: unexpected ): `a)`"),
                new Case("*a", "error parsing regexp: missing argument to repetition operator: `*`"),
                new Case("(a)\\1", "error parsing regexp: invalid escape sequence: `\\1`"),
                new Case("a\\Z", "error parsing regexp: invalid escape sequence: `\\Z`"),
                new Case("a(?=b)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
                new Case("a++", "error parsing regexp: invalid nested repetition operator: `++`"))) {
            assertEquals(c.text(), assertThrows(GoRegexp.SyntaxError.class, () -> GoRegexp.compile(c.expr())).getMessage(), c.expr());
        }
    }

    @Test
    void goRegexpSyntaxRunsOnJava() throws Exception {
        assertTrue(GoRegexp.compile("^(?P<v>[[:digit:]]+)$").matcher("123").find());
        assertTrue(GoRegexp.compile("a.b").matcher("a\rb").find());
        assertTrue(GoRegexp.compile("^\\101\\0\\v$").matcher("A\0\u000b").find(), "octal and \\v escapes");
        assertTrue(GoRegexp.compile("\"version\": {$").matcher("\"version\": {").find(), "a brace starting no repetition");
        assertTrue(GoRegexp.compile("^a{2}$").matcher("aa").find());
        assertTrue(GoRegexp.compile("^[]a&&[:^digit:]]+$").matcher("]a&x").find(), "class syntax");
        assertTrue(GoRegexp.compile("^[\\[x]$").matcher("[").find());
        assertTrue(GoRegexp.compile("\\Q(a\\E+").matcher("(aa").find());
    }

    private static List<String> untimed(String text) {
        return text.lines().map(l -> l.startsWith("Statistics: runtime ") ? "Statistics: runtime" : l).toList();
    }
}
