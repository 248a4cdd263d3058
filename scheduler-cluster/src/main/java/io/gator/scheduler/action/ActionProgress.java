package io.gator.scheduler.action;

import io.gator.core.action.Counters;
import io.gator.scheduler.JsonSerializable;
import java.util.List;

/**
 * What an action entity pushes to its subscribers after each persisted batch that moved it: the journal
 * sequence numbers the batch covers ({@code fromSeq..toSeq}, so that a subscriber sees a gap and reads it from the
 * journal), the status and counters afterwards, and the commands this batch finished (empty for sends).
 */
public record ActionProgress(long actionId, long fromSeq, long toSeq, String status, Counters counters,
                             List<FinishedCommand> finished) implements JsonSerializable {
    public ActionProgress {
        status = status == null ? "" : status;
        counters = counters == null ? Counters.ZERO : counters;
        finished = finished == null ? List.of() : List.copyOf(finished);
    }

    /** One command finished by an agent: whom it went to and its results array as JSON. */
    public record FinishedCommand(long commandId, String agentName, String queueLoc, long agentId, String status,
                                  String resultsJson) {
        public FinishedCommand {
            agentName = agentName == null ? "" : agentName;
            queueLoc = queueLoc == null ? "" : queueLoc;
            status = status == null ? "" : status;
            resultsJson = resultsJson == null ? "[]" : resultsJson;
        }
    }
}
