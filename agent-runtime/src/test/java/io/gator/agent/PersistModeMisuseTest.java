package io.gator.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gator.core.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code gator agent -P <module>} answers MIG's {@code mig-agent -P} misuse cases word for word. */
class PersistModeMisuseTest {
    private static String run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = AgentMain.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        return out.toString(StandardCharsets.UTF_8) + "\n[exit code: " + rc + "]";
    }

    @Test
    void anUnknownOrNonPersistentModuleIsMigsLogMessage() throws Exception {
        List<String> captured = Files.readAllLines(Fixtures.migWire()
                .resolve("modules/fswatch/98-persist-mode-misuse.txt"));
        assertEquals(captured.get(1) + "\n" + captured.get(2), run("-P", "file"));
        assertEquals(captured.get(4) + "\n" + captured.get(5), run("-P", "nosuchmodule"));
        assertEquals("{\"class\":\"log\",\"parameters\":{\"message\":\"module \\\"fswatch\\\" runs inside the agent"
                + " service (gator agent), not as a -P process\"}}\n[exit code: 0]", run("-P", "fswatch"));
    }
}
