package io.gator.agent.module.yara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.gator.agent.module.ModuleCancelledException;
import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRegistry;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.yara.YaraModule;
import io.gator.core.testing.Fixtures;
import io.gator.core.testing.ModuleFixtureData;
import java.io.IOException;
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

/** MIG conformance of the yara runner on libyara: every captured case gives MIG's result and printout. */
class YaraRunnerTest {
    private static final String DIR = "mig-wire/modules/yara/";
    private static final String RULES = "rule First { strings: $a = \"needle\" condition: $a }\n"
            + "rule Second { strings: $b = \"haystack\" condition: $b }\n"
            + "rule Third { condition: filesize > 0 }\n";

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void copyData() throws IOException {
        data = ModuleFixtureData.copyTo(tmp.resolve("data"));
    }

    private static String here(String captured) {
        return ModuleFixtureData.relocated(captured, data);
    }

    private static YaraRunner runner(String settings) {
        return (YaraRunner) new YaraRunner().configured(ConfigFactory.parseString(settings)
                .withFallback(ConfigFactory.load().getConfig("gator.agent.modules.yara")));
    }

    private static Result run(YaraRunner runner, String paramsJson) {
        return runner.runJson(MigJson.tree(paramsJson), ModuleContext.defaults());
    }

    /** Matches as text, each with its rules in order; the list sorted (MIG does not sort directory entries). */
    private static List<String> matches(Result r) {
        List<String> out = new ArrayList<>();
        r.elements().path("Matches").forEach(m -> out.add(m.toString()));
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
            Result ours = run(new YaraRunner(), here(Fixtures.read(DIR + name + ".params.json")));
            assertEquals(mig.foundAnything(), ours.foundAnything());
            assertEquals(mig.success(), ours.success());
            assertEquals(mig.statistics(), ours.statistics());
            assertEquals(sorted(mig.errors()), sorted(ours.errors()));
            assertEquals(mig.elements().isNull(), ours.elements().isNull());
            assertEquals(mig.elements().path("Matches").isNull(), ours.elements().path("Matches").isNull());
            assertEquals(matches(mig), matches(ours));
            assertEquals(sorted(here(Fixtures.read(DIR + name + ".pretty.txt")).lines().toList()),
                    sorted(YaraModule.print(ours, false)));
        }));
    }

    private static String params(String rules, String fileSearch) {
        return MigJson.write(YaraModule.INSTANCE.toJson(new io.gator.core.module.yara.YaraParameters(rules, fileSearch)));
    }

    private static Path tree(int files) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "tree");
        for (int i = 0; i < files; i++) {
            Path sub = Files.createDirectories(dir.resolve("d" + (i % 7)));
            String text = (i % 3 == 0 ? "needle " : "") + (i % 5 == 0 ? "haystack " : "") + (i % 11 == 0 ? "" : "x");
            Files.writeString(sub.resolve("f" + i), text);
        }
        return dir;
    }

    @Test
    void rulesComeInTheirDeclarationOrderAndSeveralScanThreadsGiveTheSameResult() throws IOException {
        Path dir = tree(200);
        String params = params(RULES, "-path " + dir + " -name . -matchlimit 100000");
        Result one = run(runner("scan-threads = 1"), params);
        Result four = run(runner("scan-threads = 4"), params);
        assertEquals(MigJson.write(one), MigJson.write(four));
        Path both = dir.resolve("d0/f0"); // needle, haystack and x
        assertTrue(MigJson.write(one).contains("{\"Object\":\"" + both + "\",\"MatchedRules\":[\"First\",\"Second\",\"Third\"]}"),
                MigJson.write(one));
        assertTrue(one.foundAnything());
        // an empty file matches no rule at all: no entry
        assertFalse(MigJson.write(one).contains("\"" + dir.resolve("d4/f11") + "\""), MigJson.write(one));
        long empty = java.util.stream.IntStream.range(0, 200).filter(i -> i % 11 == 0 && i % 3 != 0 && i % 5 != 0).count();
        assertEquals(200 - empty, one.elements().path("Matches").size(), MigJson.write(one));
    }

    @Test
    void theFileSearchSelectsTheFilesAsTheFileModuleWouldWithItsMatchLimit() throws IOException {
        Path dir = tree(30);
        Result limited = run(new YaraRunner(), params("rule Any { condition: true }", "-path " + dir + " -matchlimit 5"));
        assertEquals(5, limited.elements().path("Matches").size(), MigJson.write(limited));
        Result named = run(new YaraRunner(), params("rule Any { condition: true }", "-path " + dir + " -name ^f1$"));
        assertEquals("[{\"Object\":\"" + dir.resolve("d1/f1") + "\",\"MatchedRules\":[\"Any\"]}]",
                named.elements().path("Matches").toString());
    }

    @Test
    void aCancelledRunStops() throws IOException {
        Path dir = tree(20);
        ModuleContext ctx = ModuleContext.defaults();
        ctx.cancel();
        assertThrows(ModuleCancelledException.class,
                () -> new YaraRunner().runJson(MigJson.tree(params(RULES, "-path " + dir)), ctx));
    }

    @Test
    void withoutLibyaraYaraOperationsFailClearlyAndTheOtherModulesRun() throws IOException {
        YaraRunner missing = runner("library = \"gator-no-such-yara\"");
        Result r = run(missing, params(RULES, "-path " + data.resolve("yara/files")));
        assertFalse(r.success());
        assertEquals(1, r.errors().size(), r.errors().toString());
        assertTrue(r.errors().get(0).startsWith("yara: libyara is not available on this host: "), r.errors().get(0));
        assertTrue(r.errors().get(0).contains("gator-no-such-yara"), r.errors().get(0));
        assertFalse(r.errors().get(0).contains("\n"), r.errors().get(0));
        // the parameters are still checked first, as everywhere
        assertEquals(List.of("yara rules are a required option"), run(missing, params("", "")).errors());

        ModuleRegistry registry = ModuleRegistry.fromConfig(ConfigFactory
                .parseString("gator.agent.modules.yara.library = \"gator-no-such-yara\"").withFallback(ConfigFactory.load()));
        assertTrue(registry.find("yara").isPresent());
        Result file = registry.find("file").orElseThrow().runJson(MigJson.tree(
                "{\"searches\":{\"s1\":{\"paths\":[\"" + data.resolve("yara/files") + "\"],\"names\":[\"^marker\"],"
                        + "\"options\":{\"matchall\":true}}}}"), ModuleContext.defaults());
        assertTrue(file.foundAnything(), MigJson.write(file));
    }

    @Test
    void extraPrivacyMasksTheScannedPaths() {
        Result r = new YaraRunner().runJson(MigJson.tree(params(RULES.replace("needle", "EVIL_MARKER_1234"),
                "-path " + data.resolve("yara/files") + " -name ^marker")), ModuleContext.defaults().withExtraPrivacy(true));
        assertEquals("[{\"Object\":\"masked\",\"MatchedRules\":[\"First\",\"Third\"]}]",
                r.elements().path("Matches").toString());
    }
}
