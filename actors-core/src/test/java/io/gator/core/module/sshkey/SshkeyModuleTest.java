package io.gator.core.module.sshkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** MIG conformance of the sshkey definition: its parameter checks and its printer, case by case. */
class SshkeyModuleTest {
    private static final String DIR = "mig-wire/modules/sshkey/";
    private static final SshkeyModule MODULE = new SshkeyModule();

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
            if (mig.success()) {
                SshkeyParameters parsed = MODULE.parse(params);
                assertEquals(parsed, MODULE.parse(MODULE.toJson(parsed)));
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
            assertEquals(Fixtures.read(DIR + name + ".pretty.txt").lines().toList(), SshkeyModule.print(result(name), false));
        }));
    }

    @Test
    void foundOnlyPrintsTheKeysWithoutTheErrorsAsMigsLocalRun() throws Exception {
        List<String> local = Files.readAllLines(Fixtures.path(DIR + "01-home.cli-local.txt")).stream()
                .filter(l -> !l.startsWith("[exit code")).toList();
        assertEquals(local, SshkeyModule.print(result("01-home"), true));
    }

    @Test
    void noParametersMeanTheDefaultRootsAndDepth() {
        SshkeyParameters p = MODULE.parse(MigJson.tree("{}"));
        assertEquals(new SshkeyParameters(List.of(), 0), p);
        assertEquals("{\"paths\":null,\"maxdepth\":0}", MODULE.toJson(p).toString());
    }

    @Test
    void aFractionalOrNonNumericDepthIsRefusedWithGosDecodingError() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> MODULE.parse(MigJson.tree("{\"maxdepth\":1.5}")));
        assertEquals("maxdepth", e.field());
        assertTrue(e.getMessage().endsWith("cannot unmarshal number 1.5 into Go struct field parameters.maxdepth of type int"),
                e.getMessage());
        assertEquals("paths", assertThrows(InvalidParametersException.class,
                () -> MODULE.parse(MigJson.tree("{\"paths\":[3]}"))).field());
    }
}
