package io.gator.agent.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.module.ModuleRegistry;
import io.gator.core.json.MigJson;
import io.gator.core.testing.Fixtures;
import io.gator.core.testing.ModuleFixtureData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code mig-agent -m MODULE} capture of {@code mig-wire/modules} whose module this agent has: the same
 * parameters give the same result (arrays compared as multisets, since MIG does not sort directory entries; the
 * statistics' timings ignored) and the same {@code -p} lines. The captured data is copied to a temporary
 * directory ({@link ModuleFixtureData}); the system the modules read holds the capture host's packages.
 */
class DirectModuleFixturesTest {
    private static final List<String> TIMINGS = List.of("exectime", "execruntime");

    @TempDir
    static Path data;
    @TempDir
    static Path system;

    @BeforeAll
    static void copyData() throws IOException {
        ModuleFixtureData.copyTo(data);
        ModuleFixtureData.dpkgSystem(system);
    }

    @TestFactory
    Stream<DynamicTest> eachCapturedRunOfAModuleThisAgentHasGivesMigsResultAndPrintout() throws IOException {
        ModuleRegistry registry = ModuleRegistry.standard();
        DirectModule direct = DirectModule.fromConfig(ConfigFactory.load()).withRoot(system);
        Path modules = Fixtures.migWire().resolve("modules");
        List<Path> cases = new ArrayList<>();
        for (String module : registry.names()) {
            if (Files.isDirectory(modules.resolve(module))) {
                cases.addAll(Fixtures.list("mig-wire/modules/" + module, ".params.json").stream()
                        .filter(p -> Files.exists(sibling(p, ".result.json"))).toList());
            }
        }
        return cases.stream().map(params -> DynamicTest.dynamicTest(
                params.getParent().getFileName() + "/" + params.getFileName(), () -> {
                    String module = params.getParent().getFileName().toString();
                    String stdin = DirectRun.message(local(Files.readString(params)));
                    DirectRun run = DirectRun.of(direct, module, false, stdin);
                    assertEquals(0, run.exitCode());
                    String expected = local(Files.readString(sibling(params, ".result.json")));
                    assertEquals(normalized(MigJson.tree(expected)).toString(),
                            normalized(MigJson.tree(run.out())).toString());
                    Path pretty = sibling(params, ".pretty.txt");
                    if (Files.exists(pretty)) {
                        assertEquals(sortedLines(local(Files.readString(pretty))),
                                sortedLines(DirectRun.of(direct, module, true, stdin).out()));
                    }
                }));
    }

    private static Path sibling(Path params, String suffix) {
        String name = params.getFileName().toString();
        return params.resolveSibling(name.substring(0, name.length() - ".params.json".length()) + suffix);
    }

    private static String local(String captured) {
        return ModuleFixtureData.relocated(captured, data);
    }

    /** The lines sorted, a printed run time (scribe's {@code Statistics: runtime 1.2ms}) without its value. */
    private static List<String> sortedLines(String text) {
        return text.lines().map(l -> l.replaceFirst("^(Statistics: runtime) .*$", "$1")).sorted().toList();
    }

    /** Arrays sorted by their elements' text, the statistics' timings removed. */
    private static JsonNode normalized(JsonNode result) {
        JsonNode stats = result.path("statistics");
        if (stats.isObject()) {
            ((ObjectNode) stats).remove(TIMINGS);
        }
        return sorted(result);
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            List<JsonNode> items = new ArrayList<>();
            node.forEach(n -> items.add(sorted(n)));
            items.sort(Comparator.comparing(JsonNode::toString));
            out.addAll(items);
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                out.set(f.getKey(), sorted(f.getValue()));
            }
            return out;
        }
        return node;
    }
}
