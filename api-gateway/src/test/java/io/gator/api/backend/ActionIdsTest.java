package io.gator.api.backend;

import io.gator.core.id.IdGenerator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ActionIdsTest {
    @Test
    void idsAreUnpredictableFloat64SafeAndGrowWithTime() {
        ActionIds now = new ActionIds(Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC));
        Set<Long> seen = new HashSet<>();
        long prev = now.next();
        int sequential = 0;
        for (int i = 0; i < 1000; i++) {
            long id = now.next();
            assertTrue(id > 0 && id <= IdGenerator.MAX_ID);
            seen.add(id);
            if (id == prev + 1) {
                sequential++;
            }
            prev = id;
        }
        assertTrue(seen.size() > 990, "random low bits");
        assertTrue(sequential < 5, "not a counter");
        long later = new ActionIds(Clock.fixed(Instant.parse("2026-12-02T10:00:01Z"), ZoneOffset.UTC)).next();
        assertTrue(seen.stream().allMatch(id -> id < later), "a later second gives larger IDs");
        long y2080 = new ActionIds(Clock.fixed(Instant.parse("2080-12-31T23:59:59Z"), ZoneOffset.UTC)).next();
        assertTrue(y2080 <= IdGenerator.MAX_ID);
    }
}
