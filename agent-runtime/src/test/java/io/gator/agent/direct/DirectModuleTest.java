package io.gator.agent.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRegistry;
import io.gator.agent.module.ModuleRunner;
import io.gator.agent.module.echo.EchoModule;
import io.gator.agent.module.echo.EchoParameters;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.ModuleDefinitions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectModuleTest {
    private static final DirectModule DIRECT = DirectModule.fromConfig(ConfigFactory.load());

    @TempDir
    Path dir;

    @Test
    void aFileSearchPrintsTheRunnersResultAsMigsEnvelopeInFieldOrderWithoutTrailingNewline() throws Exception {
        Files.writeString(dir.resolve("needle.txt"), "x");
        String params = "{\"searches\":{\"s1\":{\"paths\":[\"" + dir + "\"],\"names\":[\"^needle\"]}}}";
        DirectRun run = DirectRun.of(DIRECT, "file", false, DirectRun.message(params));

        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("{\"foundanything\":true,\"success\":true,\"elements\":{"), run.out());
        assertFalse(run.out().endsWith("\n"), run.out());
        Result expected = ModuleRegistry.standard().find("file").orElseThrow()
                .runJson(MigJson.tree(params), ModuleContext.defaults());
        assertEquals(withoutStatistics(MigJson.mapper().valueToTree(expected)).toString(),
                withoutStatistics(MigJson.tree(run.out())).toString());
        assertTrue(run.out().contains(dir.resolve("needle.txt").toString()), run.out());
    }

    @Test
    void printoutGivesTheModulesPrinterLinesWithErrors() throws Exception {
        Files.writeString(dir.resolve("needle.txt"), "x");
        String params = "{\"searches\":{\"s1\":{\"paths\":[\"" + dir + "\"],\"names\":[\"^needle\"]}}}";
        String json = DirectRun.of(DIRECT, "file", false, DirectRun.message(params)).out();
        Result result = MigJson.read(json, Result.class);

        DirectRun printed = DirectRun.of(DIRECT, "file", true, DirectRun.message(params));

        List<String> lines = ModuleDefinitions.get("file").printer().print(result, false);
        assertFalse(lines.isEmpty());
        assertEquals(withoutTiming(String.join("\n", lines) + "\n"), withoutTiming(printed.out()));
    }

    @Test
    void stringsAreEscapedAsGoDoes() throws Exception {
        DirectRun run = DirectRun.of(DIRECT, "echo", false, DirectRun.message("{\"text\":\"<a&b>\"}"));

        assertEquals("{\"foundanything\":true,\"success\":true,\"elements\":{\"echo\":\"\\u003ca\\u0026b\\u003e\"},"
                + "\"statistics\":null,\"errors\":null}", run.out());
    }

    @Test
    void anUnknownModuleGivesMigsErrorObjectAndExitZero() throws Exception {
        DirectRun run = DirectRun.of(DIRECT, "nosuchmodule", false, "{}");

        assertEquals(0, run.exitCode());
        assertEquals("{\"errors\": [\"module 'nosuchmodule' is not available\"]}", run.out());
    }

    @Test
    void invalidParametersGiveAFailedEnvelopeNamingTheField() throws Exception {
        DirectRun run = DirectRun.of(DIRECT, "echo", false, DirectRun.message("{\"text\":\"\"}"));

        assertEquals(0, run.exitCode());
        JsonNode result = MigJson.tree(run.out());
        assertFalse(result.path("success").asBoolean());
        assertTrue(result.path("elements").isNull());
        assertTrue(result.path("errors").get(0).asText().contains("text"), run.out());
    }

    @Test
    void inputThatIsNotMigsParametersMessageGivesAFailedEnvelope() throws Exception {
        for (String stdin : List.of("not json", "[1]", "{\"class\":\"log\",\"parameters\":{\"text\":\"a\"}}")) {
            JsonNode result = MigJson.tree(DirectRun.of(DIRECT, "echo", false, stdin).out());

            assertFalse(result.path("success").asBoolean(), stdin);
            assertTrue(result.path("errors").get(0).asText().startsWith("ReadInputParameters() -> "), stdin);
        }
    }

    @Test
    void inputLargerThanTheParametersLimitIsRefusedUnparsed() throws Exception {
        DirectModule small = new DirectModule(ModuleRegistry.standard(), Duration.ofSeconds(10), 64, false,
                Path.of("/"));
        String stdin = DirectRun.message("{\"text\":\"" + "a".repeat(100) + "\"}");

        JsonNode result = MigJson.tree(DirectRun.of(small, "echo", false, stdin).out());

        assertFalse(result.path("success").asBoolean());
        assertEquals("parameters larger than 64 bytes", result.path("errors").get(0).asText());
    }

    @Test
    void aModuleRunningPastTheTimeoutIsCutAndReportedAsTheAgentDoes() throws Exception {
        ModuleRunner<EchoParameters> sleeper = new ModuleRunner<>() {
            @Override
            public ModuleDefinition<EchoParameters> definition() {
                return EchoModule.INSTANCE;
            }

            @Override
            public Result run(EchoParameters params, ModuleContext ctx) {
                while (!ctx.isCancelled()) {
                    Thread.onSpinWait();
                }
                return Result.EMPTY;
            }
        };
        DirectModule direct = new DirectModule(new ModuleRegistry(List.of(sleeper)), Duration.ofMillis(200), 1024,
                false, Path.of("/"));

        String stdin = DirectRun.message("{\"text\":\"a\"}");
        JsonNode result = MigJson.tree(DirectRun.of(direct, "echo", false, stdin).out());

        assertEquals("module echo timed out after 200ms", result.path("errors").get(0).asText());
    }

    /** The file module's statistics line ends with its run time. */
    private static String withoutTiming(String printout) {
        return printout.replaceAll("ran in \\S+", "ran in T");
    }

    private static JsonNode withoutStatistics(JsonNode result) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) result).remove("statistics");
        return result;
    }
}
