package io.gator.scheduler.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ActionTagsTest {
    private final ActionTags tags = new ActionTags("action", 8);

    @Test
    void everySliceIsInRangeAndOneActionAlwaysGetsTheSameOne() {
        for (long id = -50; id < 5000; id++) {
            int slice = tags.slice(id);
            assertTrue(slice >= 0 && slice < 8, "slice " + slice + " of " + id);
            assertEquals(slice, new ActionTags("action", 8).slice(id));
            assertEquals("action-" + slice, tags.tagOf(id));
        }
        assertTrue(tags.slice(Long.MIN_VALUE) >= 0);
    }

    @Test
    void theSliceIsFixedByTheActionIdAloneAcrossJvmsAndReleases() {
        // String.hashCode is specified by the JLS, so these never change; a journal's tags depend on them
        assertEquals(Math.floorMod("1".hashCode(), 8), tags.slice(1));
        assertEquals(List.of(5, 6, 7, 0), List.of(tags.slice(5), tags.slice(6), tags.slice(7), tags.slice(8)));
        assertEquals(Math.floorMod("1728390000123456".hashCode(), 8), tags.slice(1728390000123456L));
    }

    @Test
    void consecutiveActionIdsCoverEverySlice() {
        Set<Integer> seen = new HashSet<>();
        for (long id = 1000; id < 1016; id++) {
            seen.add(tags.slice(id));
        }
        assertEquals(8, seen.size());
    }

    @Test
    void theTagsAreThePrefixWithEachSliceAndTheUnslicedTagIsThePrefix() {
        assertEquals(List.of("a-0", "a-1", "a-2"), new ActionTags("a", 3).all());
        assertEquals("a", new ActionTags("a", 3).unsliced());
        assertEquals(List.of("a-0"), new ActionTags("a", 1).all());
        assertEquals(0, new ActionTags("a", 1).slice(12345));
    }

    @Test
    void aSliceCountBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ActionTags("action", 0));
    }
}
