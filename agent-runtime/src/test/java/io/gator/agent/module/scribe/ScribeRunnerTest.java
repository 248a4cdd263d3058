package io.gator.agent.module.scribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.agent.module.ModuleContext;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.scribe.ScribeModule;
import io.gator.core.testing.Fixtures;
import io.gator.core.testing.ModuleFixtureData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code mig-wire/modules/scribe} run: the same parameters on the same files and packages give MIG's result
 * (tests in document order; the values of a test, which follow the capture host's directory order, as a multiset;
 * the run time ignored) and MIG's {@code -p} printout.
 */
class ScribeRunnerTest {
    private static final String CASES = "mig-wire/modules/scribe";

    @TempDir
    static Path data;
    @TempDir
    static Path system;

    @BeforeAll
    static void fixtures() throws IOException {
        ModuleFixtureData.copyTo(data);
        ModuleFixtureData.dpkgSystem(system);
    }

    static Result run(String paramsJson) {
        return new ScribeRunner().runJson(MigJson.tree(paramsJson), ModuleContext.defaults().withRoot(system));
    }

    @TestFactory
    Stream<DynamicTest> eachCapturedRunGivesMigsResultAndPrintout() {
        List<Path> cases = Fixtures.list(CASES, ".params.json");
        assertEquals(24, cases.size());
        return cases.stream().map(params -> DynamicTest.dynamicTest(params.getFileName().toString(), () -> {
            String base = params.toString().substring(0, params.toString().length() - ".params.json".length());
            Result ours = run(local(Files.readString(params)));
            JsonNode mig = MigJson.tree(local(Files.readString(Path.of(base + ".result.json"))));
            JsonNode oursTree = MigJson.mapper().valueToTree(ours);
            assertEquals(normalized(mig).toString(), normalized(oursTree).toString());
            assertTrue(oursTree.path("statistics").path("execruntime").asText().matches("[0-9.]+(ns|µs|ms|s)"));
            List<String> expected = Files.readString(Path.of(base + ".pretty.txt")).lines().map(ScribeRunnerTest::local)
                    .map(ScribeRunnerTest::untimed).toList();
            List<String> printed = String.join("\n", ScribeModule.print(ours, false)).lines()
                    .map(ScribeRunnerTest::untimed).toList();
            assertEquals(expected.stream().sorted().toList(), printed.stream().sorted().toList());
            assertEquals(masters(expected), masters(printed));
        }));
    }

    @Test
    void fileContentsNeverLeaveTheHostOnlyPathsAndResults() throws IOException {
        Result r = run(local(Files.readString(Fixtures.path(CASES + "/02-files.params.json"))));
        String json = MigJson.write(r);
        for (String secret : List.of("2.4.1", "10.0.0.1", "8443", "bob carol", "1.4.0")) {
            assertFalse(json.contains(secret), secret);
        }
    }

    @Test
    void extraPrivacyMasksEveryIdentifier() throws IOException {
        Result r = new ScribeRunner().runJson(MigJson.tree(local(Files.readString(Fixtures.path(CASES + "/03-deps.params.json")))),
                ModuleContext.defaults().withRoot(system).withExtraPrivacy(true));
        List<String> ids = new ArrayList<>();
        r.elements().path("results").forEach(t -> t.path("results").forEach(s -> ids.add(s.path("identifier").asText())));
        assertFalse(ids.isEmpty());
        assertTrue(ids.stream().allMatch("masked"::equals), ids.toString());
    }

    @Test
    void aDependencyThatFailsBeforeItIsEvaluatedFailsTheTestDependingOnIt() {
        Result r = run("""
                {"scribedoc":{"objects":[{"object":"a","raw":{"identifiers":[{"identifier":"a","value":"1"}]}}],
                 "tests":[{"test":"first","object":"a","if":["bad"]},{"test":"bad","object":"a","evr":{"operation":"~","value":"1"}}]}}""");
        JsonNode first = r.elements().path("results").get(0);
        assertTrue(first.path("iserror").asBoolean());
        assertEquals("a test dependency failed (\"bad\")", first.path("error").asText());
    }

    @Test
    void anAllZeroVersionTokenFailsTheRunAsScribesPanicDoes() {
        Result r = run("""
                {"scribedoc":{"objects":[{"object":"a","raw":{"identifiers":[{"identifier":"a","value":"1.00"}]}}],
                 "tests":[{"test":"t","object":"a","evr":{"operation":"<","value":"1.5"}}]}}""");
        assertFalse(r.success());
        assertEquals(List.of("runtime error: index out of range [0] with length 0"), r.errors());
    }

    private static String local(String captured) {
        return ModuleFixtureData.relocated(captured, data);
    }

    private static String untimed(String line) {
        return line.startsWith("Statistics: runtime ") ? "Statistics: runtime" : line;
    }

    private static List<String> masters(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("master ") || l.startsWith("result for ")).toList();
    }

    /** The statistics' timing removed; each test's values sorted (they follow directory order). */
    private static JsonNode normalized(JsonNode result) {
        JsonNode copy = result.deepCopy();
        if (copy.path("statistics").isObject()) {
            ((ObjectNode) copy.path("statistics")).remove("execruntime");
        }
        for (JsonNode t : copy.path("elements").path("results")) {
            if (t.path("results").isArray()) {
                List<JsonNode> subs = new ArrayList<>();
                t.path("results").forEach(subs::add);
                subs.sort(Comparator.comparing(JsonNode::toString));
                ArrayNode a = ((ObjectNode) t).putArray("results");
                a.addAll(subs);
            }
        }
        return copy;
    }
}
