package io.gator.cli;

import static io.gator.cli.FakeApi.error;
import static io.gator.cli.FakeApi.items;
import static io.gator.cli.FakeApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.json.MigJson;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mig action list}: MIG's action search as one line per action, filters passed through. */
class ActionListTest {
    private static final OffsetDateTime T = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

    @Test
    void filtersBecomeSearchParametersAndEachActionIsOneLine(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            JsonNode newer = MigJson.mapper().valueToTree(Action.of(9, "hunt two", "all", T, T.plusHours(1),
                    List.of(new Operation("file", MigJson.tree("{}")))));
            ((com.fasterxml.jackson.databind.node.ObjectNode) newer).put("status", "completed");
            JsonNode older = MigJson.mapper().valueToTree(Action.of(8, "hunt one", "all", T, T.plusHours(1),
                    List.of(new Operation("file", MigJson.tree("{}")))));
            api.on("search", r -> ok(items("action", List.of(newer, older))));
            MigMainTest.Cli cli = new MigMainTest.Cli(new ByteArrayInputStream(new byte[0]), Map.of());
            assertEquals(0, cli.main.run(List.of("action", "list", "-status", "completed", "-c",
                    api.migrc(dir).toString(), "-name", "hunt*", "-after", "2026-01-01T00:00:00Z", "-limit", "5")),
                    cli.err());
            assertEquals(List.of("search?type=action&limit=5&status=completed&actionname=hunt*&after=2026-01-01T00%3A00%3A00Z"),
                    api.requests("search").stream().map(FakeApi.Request::pathAndQuery).toList());
            String[] lines = cli.out().split("\n");
            assertEquals(2, lines.length, cli.out());
            assertTrue(lines[0].startsWith("9 ") && lines[0].contains("hunt two") && lines[0].contains("completed"),
                    lines[0]);
            assertTrue(lines[1].startsWith("8 "), lines[1]);
        }
    }

    @Test
    void noResultsIsAnEmptyListAndBadFlagsAreRefused(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("search", r -> error(404, "no results found"));
            String rc = api.migrc(dir).toString();
            MigMainTest.Cli cli = new MigMainTest.Cli(new ByteArrayInputStream(new byte[0]), Map.of());
            assertEquals(0, cli.main.run(List.of("action", "list", "-c", rc)), cli.err());
            assertEquals("", cli.out());
            for (List<String> bad : List.of(List.of("-limit", "ten"), List.of("-after", "yesterday"),
                    List.of("-colour", "red"), List.of("-status"))) {
                MigMainTest.Cli b = new MigMainTest.Cli(new ByteArrayInputStream(new byte[0]), Map.of());
                List<String> argv = new java.util.ArrayList<>(List.of("action", "list", "-c", rc));
                argv.addAll(bad);
                assertTrue(b.main.run(argv) != 0, bad.toString());
            }
        }
    }
}
