package io.gator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class data sharing training's stand-in API carries a launch through, so the archive holds that path. */
class CdsTrainingApiTest {
    @Test
    void aTrainingLaunchIsFollowedThroughTheEventStreamAndPrintsTheResult(@TempDir Path dir) throws Exception {
        try (CdsTrainingApi api = new CdsTrainingApi()) {
            Path rc = Files.writeString(dir.resolve("migrc"), "api.url = \"http://127.0.0.1:" + api.port()
                    + "/api/v1\"\napi.key = \"k\"\n");
            MigMainTest.Cli cli = new MigMainTest.Cli(InputStream.nullInputStream(), Map.of());
            int code = cli.main.run(List.of("file", "-c", rc.toString(), "-yes", "-path", "/etc", "-name", "^passwd$"));
            assertEquals(0, code, cli.err());
            assertTrue(cli.err().contains("1 agents will be targeted"), cli.err());
            assertTrue(cli.err().contains("1 sent, 1 done, 1 succeeded"), cli.err());
            assertTrue(cli.out().startsWith("cds-training /etc/passwd [lastmodified:"), cli.out());
        }
    }
}
