package io.gator.scheduler.action;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.action.Action;
import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CommandTemplateTest {
    static final Action ACTION = MigJson.read(Actions.json(4242), Action.class);
    static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void splicedBodiesAreByteForByteWhatJacksonWritesForEachAgent() {
        CommandTemplate t = CommandTemplate.of(ACTION, START, 3, START.plusSeconds(3600));
        assertTrue(t.spliced(), "the template splices (the sentinels were found)");
        TargetAgent[] agents = {
                new TargetAgent(1, "web-1", "linux.web-1", "daemon", "20260101-0.abc", 100),
                new TargetAgent(0, "", "linux.x", "", "", 0),
                new TargetAgent(Long.MAX_VALUE, "ünïcode \"quoted\" \\ name\n", "windows.q", "checkin", "v", -5)};
        long[] ids = {1, 9_007_199_254_740_991L, 123456789};
        Instant[] times = {START, Instant.parse("2026-11-23T10:00:00.000001Z"), Instant.parse("0001-01-01T00:00:00Z")};
        for (int i = 0; i < agents.length; i++) {
            byte[] spliced = t.body(ids[i], agents[i], times[i]);
            assertArrayEquals(t.full(ids[i], agents[i], times[i].atOffset(ZoneOffset.UTC)), spliced);
            Command c = MigJson.read(spliced, Command.class);
            assertEquals(ids[i], c.id());
            assertEquals(agents[i].queueLoc(), c.agent().queueLoc());
            assertEquals(agents[i].name(), c.agent().name());
            assertEquals("sent", c.status());
            assertEquals(ActionEntity.PREPARING, c.action().status());
            assertEquals(3, c.action().counters().sent());
        }
    }
}
