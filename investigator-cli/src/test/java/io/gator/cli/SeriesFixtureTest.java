package io.gator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.cli.launch.GoDuration;
import io.gator.cli.schedule.ScheduleCommand;
import io.gator.cli.schedule.Series;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The series {@code mig schedule} builds, against the fixture the web console's series builder is tested with
 * ({@code web-console/test/fixtures/series.json}): for each case's -start, -every, -for and -e, the same run IDs and
 * windows as MIG's JSON writes them, or the same refusal. With {@code -Dgator.series.fixture.write=true} the
 * outputs are written from the CLI's code instead (after a change to Series).
 */
class SeriesFixtureTest {
    static final Path FIXTURE = Path.of("..", "web-console", "test", "fixtures", "series.json");

    @Test
    void theCliBuildsTheWindowsAndRefusalsTheConsoleFixturePins() throws Exception {
        ObjectNode doc = (ObjectNode) MigJson.tree(Files.readString(FIXTURE));
        boolean write = Boolean.getBoolean("gator.series.fixture.write");
        Action base = Action.of(0, "file -path /etc", "all", MigTime.ZERO, MigTime.ZERO,
                List.of(new Operation("file", MigJson.tree("{\"searches\":{}}"))));
        assertFalse(doc.path("cases").isEmpty(), "no cases in " + FIXTURE);
        for (JsonNode c : doc.path("cases")) {
            ObjectNode expected = ((ObjectNode) c).deepCopy();
            ObjectNode actual = ((ObjectNode) c).deepCopy();
            actual.remove(List.of("runs", "error"));
            try {
                Duration every = ScheduleCommand.duration(c.path("every").asText());
                Series.Plan plan = new Series.Plan(OffsetDateTime.parse(c.path("start").asText()).toInstant(), every,
                        ScheduleCommand.duration(c.path("for").asText()),
                        c.has("e") ? GoDuration.parse(c.path("e").asText()) : Series.longestRun(every));
                ArrayNode runs = actual.putArray("runs");
                for (Action a : Series.build(base, plan, MigMain.SCHEDULE_MAX_RUNS, x -> x)) {
                    JsonNode json = MigJson.mapper().valueToTree(a);
                    runs.addObject().put("id", json.path("id").asInt())
                            .put("validfrom", json.path("validfrom").asText())
                            .put("expireafter", json.path("expireafter").asText());
                }
            } catch (IllegalArgumentException e) {
                actual.remove("runs");
                actual.put("error", e.getMessage());
            }
            if (write) {
                ((ObjectNode) c).removeAll().setAll(actual);
            } else {
                assertEquals(expected.toString(), actual.toString(), "case " + c.path("every") + " " + c.path("for"));
            }
        }
        if (write) {
            Files.writeString(FIXTURE, MigJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
        }
    }
}
