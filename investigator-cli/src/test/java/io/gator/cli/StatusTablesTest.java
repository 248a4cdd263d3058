package io.gator.cli;

import static io.gator.cli.FakeApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.json.MigJson;
import io.gator.core.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mig status} on MIG's own dashboard answer: the agent statistics, then the latest actions, as tables. */
class StatusTablesTest {
    @Test
    void migsDashboardIsTwoTables(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("dashboard", r -> ok(MigJson.tree(Fixtures.read("mig-wire/http/api-dashboard.json"))));
            MigMainTest.Cli cli = new MigMainTest.Cli(new ByteArrayInputStream(new byte[0]), Map.of());
            assertEquals(0, cli.main.run(List.of("status", "-c", api.migrc(dir).toString())), cli.err());
            List<String> lines = List.of(cli.out().split("\n"));
            assertTrue(lines.get(0).startsWith("AGENTS"), cli.out());
            assertEquals("online agents                        2", lines.get(1));
            assertEquals("  0.unversioned                      2", lines.get(2));
            // "idle agents by version" is null in MIG's answer: no line
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("idle agents by version")), cli.out());
            int header = lines.indexOf("");
            assertTrue(lines.get(header + 1).startsWith("LATEST ACTIONS"), cli.out());
            assertEquals(9, lines.size() - header - 2, "one line per action in MIG's answer");
            assertTrue(lines.get(header + 2).startsWith("28059841527919   netstat -t all -lm ."), lines.get(header + 2));
        }
    }
}
