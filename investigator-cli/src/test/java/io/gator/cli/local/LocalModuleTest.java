package io.gator.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalModuleTest {
    private static final LocalModule FAKE = new LocalModule(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), FakeAgent.class.getName()));

    @Test
    void theAgentGetsTheModuleAfterMinusMAndMigsParametersMessageOnItsStandardInput() throws Exception {
        Result result = FAKE.run("file", MigJson.tree("{\"searches\":{\"s1\":{\"paths\":[\"/tmp\"]}}}"));

        assertTrue(result.success());
        assertEquals("[\"-m\",\"file\"]", result.elements().path("argv").toString());
        assertEquals("{\"class\":\"parameters\",\"parameters\":{\"searches\":{\"s1\":{\"paths\":[\"/tmp\"]}}}}",
                result.elements().path("stdin").toString());
        assertEquals(List.of("a soft error"), result.errors());
    }

    @Test
    void aModuleTheAgentDoesNotHaveIsAnErrorWithTheAgentsText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FAKE.run("nosuchmodule", MigJson.tree("{}")));

        assertEquals("the agent ran no nosuchmodule module (exit code 0): module 'nosuchmodule' is not available",
                e.getMessage());
    }

    @Test
    void anAgentThatFailsWithoutResultIsAnErrorWithItsExitCode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FAKE.run("crash", MigJson.tree("{}")));

        assertEquals("the agent ran no crash module (exit code 3)", e.getMessage());
    }
}
