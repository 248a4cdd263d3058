package io.gator.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentJarTest {
    @TempDir
    Path dir;

    @Test
    void theEnvironmentVariableNamesTheJar() throws Exception {
        Path jar = Files.createFile(dir.resolve("agent.jar"));

        assertEquals(jar, AgentJar.locate(Map.of(AgentJar.ENV, jar.toString())::get));
    }

    @Test
    void aMissingJarIsAnErrorSayingWhereItWasLookedForAndHowToGiveIt() {
        Path jar = dir.resolve("none.jar");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentJar.locate(Map.of(AgentJar.ENV, jar.toString())::get));

        assertTrue(e.getMessage().contains(jar.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("set GATOR_AGENT_JAR"), e.getMessage());
    }

    @Test
    void withoutTheVariableTheJarIsLookedForBesideTheCliThenInTheCheckout() {
        Path cli = Path.of("/opt/gator/investigator-cli/target");

        assertEquals(List.of(cli.resolve("gator-agent.jar"),
                        Path.of("/opt/gator/agent-runtime/target/gator-agent.jar")),
                AgentJar.candidates(name -> null, Optional.of(cli)));
    }
}
