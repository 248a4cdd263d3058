package io.gator.api.backend;

import io.gator.core.action.Counters;
import io.gator.core.command.Command;
import java.util.List;

/**
 * One step of a followed action: its status and counters afterwards, and the commands that finished since the
 * previous step, each once, in the same order on every connection (journal order, then the commands an expiry or
 * cancel finished in command ID order), so that a position in that order identifies a resume point.
 */
public record ActionUpdate(String status, Counters counters, List<Command> finished, boolean last) {
    public ActionUpdate {
        status = status == null ? "" : status;
        counters = counters == null ? Counters.ZERO : counters;
        finished = finished == null ? List.of() : List.copyOf(finished);
    }
}
