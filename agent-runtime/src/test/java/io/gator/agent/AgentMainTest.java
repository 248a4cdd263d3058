package io.gator.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentMainTest {
    @Test
    void theCdsTrainingRunSendsTheAgentASignedSearchAndSucceedsOnlyOnItsSuccessfulResult() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = AgentMain.run(new String[] {"--cds-training"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, printed + err.toString(StandardCharsets.UTF_8));
        assertTrue(printed.contains("a signed file search answered: success"), printed);
    }

    @Test
    void minusMRunsOneModuleFromStandardInputWithoutConfigFileRelayOrKeys() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = AgentMain.run(new String[] {"-m", "echo"},
                stdin("{\"class\":\"parameters\",\"parameters\":{\"text\":\"hi\"}}"),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertEquals(0, rc);
        assertEquals("{\"foundanything\":true,\"success\":true,\"elements\":{\"echo\":\"hi\"},\"statistics\":null,"
                + "\"errors\":null}", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void minusPPrintsTheResultThroughTheModulesPrinter() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = AgentMain.run(new String[] {"agent", "-m", "echo", "-p"},
                stdin("{\"class\":\"parameters\",\"parameters\":{\"text\":\"hi\"}}"),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertEquals(0, rc);
        assertEquals("echo hi\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownModulePrintsMigsCapturedAnswer() throws Exception {
        List<String> capture = Files.readAllLines(Fixtures.path("mig-wire/modules/fswatch/98-persist-mode-misuse.txt"));
        int at = capture.indexOf("$ echo {} | mig-agent -m nosuchmodule");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int rc = AgentMain.run(new String[] {"-m", "nosuchmodule"}, stdin("{}"),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertEquals(capture.get(at + 1), out.toString(StandardCharsets.UTF_8));
        assertEquals("[exit code: " + rc + "]", capture.get(at + 2));
    }

    @Test
    void minusPWithoutAModuleIsAUsageError() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = AgentMain.run(new String[] {"-p"}, stdin(""), System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(AgentMain.USAGE, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("-p goes with -m MODULE"));
    }

    private static ByteArrayInputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
