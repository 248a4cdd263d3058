package io.gator.core.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.command.CommandStatus;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MIG's counter arithmetic and the preparing to inflight rule, which the entity and the read model both apply. */
class ActionProgressRuleTest {

    @Test
    void countersAddSentAndFinishedCommandsKeepingTheInvariant() {
        Counters k = Counters.ZERO.plusSent(10)
                .plusFinished(CommandStatus.SUCCESS, 3, 0)
                .plusFinished(CommandStatus.FAILED, 2, 0)
                // a result that overtook its confirm proves the command was sent
                .plusFinished(CommandStatus.TIMEOUT, 1, 1)
                .plusFinished(CommandStatus.EXPIRED, 4, 0);
        assertEquals(new Counters(11, 10, 1, 3, 0, 4, 2, 1), k);
        assertTrue(k.consistent());
        assertEquals(new Counters(12, 12, 0, 3, 2, 4, 2, 1), k.plusFinished(CommandStatus.CANCELLED, 2, 1));
    }

    @Test
    void onlyFinalStatusesFinishACommand() {
        assertThrows(IllegalArgumentException.class, () -> Counters.ZERO.plusFinished(CommandStatus.SENT, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Counters.ZERO.plusFinished(CommandStatus.PENDING, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Counters.ZERO.plusFinished("done", 1, 0));
    }

    @Test
    void countersFromCommandStatusesCountEveryCommandThatLeftPendingAsSent() {
        Map<String, Integer> rows = new LinkedHashMap<>();
        rows.put("pending", 5);
        rows.put("sent", 4);
        rows.put("success", 3);
        rows.put("failed", 2);
        rows.put("timeout", 1);
        rows.put("expired", 6);
        rows.put("cancelled", 7);
        assertEquals(new Counters(23, 19, 4, 3, 7, 6, 2, 1), Counters.ofCommandStatuses(rows));
        assertEquals(Counters.ZERO, Counters.ofCommandStatuses(Map.of("pending", 3)));
        assertTrue(Counters.ofCommandStatuses(rows).consistent());
    }

    @Test
    void aPreparingActionIsInflightOnceAllItsCommandsAreSent() {
        Counters twoOfThree = Counters.ZERO.plusSent(2);
        assertEquals(ActionStatus.PREPARING, ActionStatus.PREPARING.afterSending(twoOfThree, 3));
        assertEquals(ActionStatus.INFLIGHT, ActionStatus.PREPARING.afterSending(twoOfThree.plusSent(1), 3));
        assertEquals(ActionStatus.INFLIGHT,
                ActionStatus.PREPARING.afterSending(Counters.ZERO.plusFinished(CommandStatus.SUCCESS, 3, 3), 3));
        for (ActionStatus other : List.of(ActionStatus.SCHEDULED, ActionStatus.INFLIGHT, ActionStatus.COMPLETED,
                ActionStatus.EXPIRED, ActionStatus.CANCELLED, ActionStatus.INVALID)) {
            assertEquals(other, other.afterSending(twoOfThree.plusSent(1), 3));
        }
    }

    @Test
    void statusNamesAreMigs() {
        assertEquals(List.of("pending", "scheduled", "preparing", "inflight", "completed", "expired", "cancelled",
                "invalid"), Arrays.stream(ActionStatus.values()).map(ActionStatus::wire).toList());
        assertEquals(ActionStatus.INFLIGHT, ActionStatus.of("inflight"));
        assertThrows(IllegalArgumentException.class, () -> ActionStatus.of("INFLIGHT"));
        assertTrue(ActionStatus.CANCELLED.isFinal());
        assertFalse(ActionStatus.PREPARING.isFinal());
        assertEquals(List.of("sent", "success", "cancelled", "expired", "failed", "timeout"),
                List.of(CommandStatus.SENT, CommandStatus.SUCCESS, CommandStatus.CANCELLED, CommandStatus.EXPIRED,
                        CommandStatus.FAILED, CommandStatus.TIMEOUT));
        assertEquals(List.of(CommandStatus.PENDING, CommandStatus.SENT), CommandStatus.UNFINISHED);
    }
}
