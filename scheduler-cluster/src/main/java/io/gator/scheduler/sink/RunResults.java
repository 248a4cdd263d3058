package io.gator.scheduler.sink;

import io.gator.scheduler.action.TargetAgent;
import java.time.Instant;
import java.util.List;

/**
 * A finished run as the sinks see it, folded from its action's events: the action as signed, its final status and
 * every command (agent, status, results; commands that never answered keep their last status and {@code []}).
 */
public record RunResults(long actionId, String actionJson, String status, Instant startTime, Instant finishTime,
                         List<CommandResult> commands) {

    public record CommandResult(long commandId, TargetAgent agent, String status, String resultsJson) {
        public CommandResult {
            resultsJson = resultsJson == null || resultsJson.isEmpty() ? "[]" : resultsJson;
        }

        /** The record id receivers deduplicate on: one per agent result of one run. */
        public String recordId(long actionId) {
            return actionId + "-" + commandId;
        }
    }
}
