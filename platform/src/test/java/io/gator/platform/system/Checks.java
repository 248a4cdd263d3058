package io.gator.platform.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.action.Action;
import io.gator.core.action.Counters;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The assertions every system scenario makes on a finished action. */
final class Checks {
    private Checks() {}

    /**
     * The API's counters are exactly {@code expected} and consistent (done = success + failed + timeout +
     * expired + cancelled); the commands read table has one row per targeted agent (no agent twice) with the
     * same statuses; and the journal records every answered command exactly once (no result recorded twice, none lost).
     */
    static void everyAgentAnsweredOnce(SystemPlatform p, Action a, String status, Counters expected) {
        long id = a.id();
        assertEquals(expected, a.counters(), "counters of action " + id);
        assertTrue(a.counters().consistent(), "inconsistent counters " + a.counters());
        assertEquals(status, a.status(), "status of action " + id);

        long[] rows = p.commandRows(id);
        int n = expected.sent();
        assertArrayEquals(new long[] {n, n, n, n - expected.expired() - expected.cancelled()}, rows,
                "commands of action " + id + ": [rows, distinct agents, distinct queues, with results]");
        Map<String, Long> statuses = new TreeMap<>();
        put(statuses, "success", expected.success());
        put(statuses, "failed", expected.failed());
        put(statuses, "timeout", expected.timeout());
        put(statuses, "expired", expected.expired());
        put(statuses, "cancelled", expected.cancelled());
        assertEquals(statuses, p.commandStatuses(id), "command statuses of action " + id);

        Map<Long, Integer> ends = p.finishedInJournal(id);
        // the commands an ActionExpired/ActionCancelled event ends are not listed in CommandsFinished events
        assertEquals(n - expected.expired() - expected.cancelled(), ends.size(), "commands answered in the journal");
        Map<Long, Integer> twice = new TreeMap<>();
        ends.forEach((cmd, k) -> {
            if (k != 1) {
                twice.put(cmd, k);
            }
        });
        assertEquals(Map.of(), twice, "commands ended more than once in the journal");
    }

    private static void put(Map<String, Long> m, String k, int v) {
        if (v > 0) {
            m.put(k, (long) v);
        }
    }

    /** No node exited on its own. */
    static void noCrash(SystemPlatform p, List<String> killed) {
        assertEquals(List.of(), p.deadNodes(killed), "nodes that exited without being killed");
    }
}
