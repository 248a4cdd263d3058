package io.gator.cli;

import static io.gator.cli.FakeApi.items;
import static io.gator.cli.FakeApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mig action events}: one readable line per journal event; {@code -json} for the events whole. */
class ActionEventsTest {
    private static final List<JsonNode> EVENTS = List.of(
            MigJson.tree("{\"sequencenr\":1,\"timestamp\":\"2026-01-02T03:04:05Z\",\"type\":\"ActionCreated\","
                    + "\"event\":{\"action\":{\"id\":42,\"name\":\"hunt\",\"operations\":[{}]},\"by\":\"alice smith\"}}"),
            MigJson.tree("{\"sequencenr\":2,\"timestamp\":\"2026-01-02T03:04:06Z\",\"type\":\"TargetsResolved\","
                    + "\"event\":{\"agents\":[{\"id\":1},{\"id\":2}],\"count\":2,\"note\":null}}"));

    private static MigMainTest.Cli run(Path dir, String... extra) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("action/events", r -> ok(items("event", EVENTS)));
            MigMainTest.Cli cli = new MigMainTest.Cli(new ByteArrayInputStream(new byte[0]), Map.of());
            List<String> argv = new java.util.ArrayList<>(List.of("action", "events", "42", "-c",
                    api.migrc(dir).toString()));
            argv.addAll(List.of(extra));
            assertEquals(0, cli.main.run(argv), cli.err());
            return cli;
        }
    }

    @Test
    void eachEventIsOneLineWithItsFieldsSummarised(@TempDir Path dir) throws Exception {
        assertEquals("""
                    1 2026-01-02T03:04:05Z ActionCreated      action=#42 by='alice smith'
                    2 2026-01-02T03:04:06Z TargetsResolved    agents=2 items count=2
                """, run(dir).out());
    }

    @Test
    void jsonPrintsTheEventsWhole(@TempDir Path dir) throws Exception {
        JsonNode printed = MigJson.tree(run(dir, "-json").out());
        assertEquals(2, printed.size());
        assertEquals("hunt", printed.at("/0/event/action/name").asText());
        assertTrue(printed.at("/1/event/agents").isArray());
    }
}
