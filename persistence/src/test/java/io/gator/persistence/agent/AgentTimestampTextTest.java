package io.gator.persistence.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Heartbeat times go to PostgreSQL as text; the hand-written form equals java.time's for every time. */
class AgentTimestampTextTest {
    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

    @Test
    void timestampTextEqualsJavaTimeFormatting() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            ZoneOffset off = switch (r.nextInt(3)) {
                case 0 -> ZoneOffset.UTC;
                case 1 -> ZoneOffset.ofTotalSeconds((r.nextInt(36 * 4) - 18 * 4) * 900);
                default -> ZoneOffset.ofTotalSeconds(r.nextInt(18 * 3600) - 9 * 3600); // odd seconds too
            };
            OffsetDateTime t = OffsetDateTime.of(r.nextInt(10_000), 1 + r.nextInt(12), 1 + r.nextInt(28),
                    r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1_000_000_000), off);
            assertEquals(REFERENCE.format(t), AgentRepository.ts(t));
        }
        assertNull(AgentRepository.ts(null));
        assertEquals("0001-01-01 00:00:00.000000+00:00",
                AgentRepository.ts(OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)));
    }
}
