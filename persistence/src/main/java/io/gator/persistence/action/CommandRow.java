package io.gator.persistence.action;

import io.gator.core.command.Result;
import java.time.OffsetDateTime;
import java.util.List;

/** One row of the {@code commands} read table; times are MIG's zero time when unset. */
public record CommandRow(long id, long actionId, long agentId, String agentName, String queueLoc, String status,
                         List<Result> results, OffsetDateTime startTime, OffsetDateTime finishTime) {
    public CommandRow {
        results = results == null ? List.of() : List.copyOf(results);
        startTime = startTime == null ? io.gator.core.json.MigTime.ZERO : startTime;
        finishTime = finishTime == null ? io.gator.core.json.MigTime.ZERO : finishTime;
    }
}
