package io.gator.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
}
