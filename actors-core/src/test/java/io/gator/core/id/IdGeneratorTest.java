package io.gator.core.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {

    @Test
    void firstIdFollowsMigsGenIdScheme() {
        Clock at = Clock.fixed(Instant.parse("2019-09-01T12:00:00Z"), ZoneOffset.UTC);
        long expected = (Instant.parse("2019-09-01T12:00:00Z").getEpochSecond() - 1367258400L + 1) << 16;
        assertEquals(expected, new IdGenerator(at).next());
    }

    @Test
    void idsAreUniqueIncreasingAndBelow2Pow53EvenAcrossThreads() {
        IdGenerator gen = new IdGenerator(Clock.systemUTC());
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 100_000).parallel().forEach(i -> assertTrue(seen.add(gen.next())));
        assertEquals(100_000, seen.size());
        long a = gen.next();
        long b = gen.next();
        assertTrue(b > a && b < (1L << 53) && a > 0);
    }

    @Test
    void idsAreExactAsJsonFloat64() {
        Set<Long> s = new HashSet<>();
        IdGenerator gen = new IdGenerator(Clock.systemUTC());
        for (int i = 0; i < 1000; i++) {
            long id = gen.next();
            assertEquals(id, (long) (double) id);
            s.add(id);
        }
        assertEquals(1000, s.size());
    }
}
