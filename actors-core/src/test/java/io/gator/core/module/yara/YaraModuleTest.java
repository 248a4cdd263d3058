package io.gator.core.module.yara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.InvalidParametersException;
import io.gator.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** MIG conformance of the yara definition: its parameter checks, its result shape and its printer, case by case. */
class YaraModuleTest {
    private static final String DIR = "mig-wire/modules/yara/";
    private static final YaraModule MODULE = new YaraModule();

    private static String caseName(Path p, String suffix) {
        String f = p.getFileName().toString();
        return f.substring(0, f.length() - suffix.length());
    }

    private static Result result(String name) {
        return MigJson.mapper().convertValue(MigJson.tree(Fixtures.read(DIR + name + ".result.json")), Result.class);
    }

    @TestFactory
    Stream<DynamicTest> parametersMigAcceptsRoundTripAndTheOthersFailWithMigsError() {
        return Fixtures.list(DIR, ".params.json").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String name = caseName(p, ".params.json");
            JsonNode params = MigJson.tree(Fixtures.read(DIR + name + ".params.json"));
            Result mig = result(name);
            // a compile error is the agent's (libyara's), not the definition's
            if (mig.success() || name.contains("rules-syntax")) {
                YaraParameters parsed = MODULE.parse(params);
                assertEquals(parsed, MODULE.parse(MODULE.toJson(parsed)));
                assertEquals(params, MODULE.toJson(parsed));
            } else {
                InvalidParametersException e = assertThrows(InvalidParametersException.class, () -> MODULE.parse(params));
                assertEquals(mig.errors(), List.of(e.getMessage()));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> printsEveryResultAsMigsAgentDoes() {
        return Fixtures.list(DIR, ".result.json").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String name = caseName(p, ".result.json");
            assertEquals(Fixtures.read(DIR + name + ".pretty.txt").lines().toList(), YaraModule.print(result(name), false));
        }));
    }

    @TestFactory
    Stream<DynamicTest> matchesWrittenBackGiveMigsElements() {
        return Fixtures.list(DIR, ".result.json").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Result mig = result(caseName(p, ".result.json"));
            if (mig.success()) {
                List<YaraMatch> matches = new java.util.ArrayList<>();
                mig.elements().path("Matches").forEach(m -> {
                    List<String> rules = new java.util.ArrayList<>();
                    m.path("MatchedRules").forEach(r -> rules.add(r.asText()));
                    matches.add(new YaraMatch(m.path("Object").asText(), rules));
                });
                assertEquals(mig.elements().toString(), YaraModule.elementsJson(matches).toString());
            }
        }));
    }

    @Test
    void foundOnlyPrintsTheMatchesWithoutTheErrorsAsMigsLocalRun() throws Exception {
        List<String> local = Files.readAllLines(Fixtures.path(DIR + "01-all-files.cli-local.txt")).stream()
                .filter(l -> !l.startsWith("[exit code")).toList();
        assertEquals(local, YaraModule.print(result("01-all-files"), true));
        Result withError = new Result(false, true, YaraModule.elementsJson(List.of()), null, List.of(": could not open file"));
        assertEquals(List.of(), YaraModule.print(withError, true));
    }

    @Test
    void otherTypesAreRefusedWithGosDecodingErrorNamingTheField() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> MODULE.parse(MigJson.tree("{\"yara\":\"rule a { condition: true }\",\"filesearch\":[\"-path\"]}")));
        assertEquals("filesearch", e.field());
        assertEquals("ReadInputParameters() -> json: cannot unmarshal array into Go struct field parameters.filesearch"
                + " of type string", e.getMessage());
        assertEquals("yara", assertThrows(InvalidParametersException.class,
                () -> MODULE.parse(MigJson.tree("{\"yara\":true}"))).field());
    }

    @Test
    void aRefusedFileSearchNamesTheFileModulesError() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class, () -> MODULE.parse(MigJson.tree(
                "{\"yara\":\"rule a { condition: true }\",\"filesearch\":\"-path /x -maxdepth many\"}")));
        assertEquals("filesearch", e.field());
        assertEquals("invalid value \"many\" for flag -maxdepth: parse error", e.getMessage());
    }
}
