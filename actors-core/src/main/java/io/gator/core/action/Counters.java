package io.gator.core.action;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An action's command counters. Invariant kept by the scheduler: {@code done = success + failed +
 * timeout + expired + cancelled}. Zero counters are omitted on the wire, as MIG does.
 */
@JsonInclude(Include.NON_DEFAULT)
@JsonPropertyOrder({"sent", "done", "inflight", "success", "cancelled", "expired", "failed", "timeout"})
public record Counters(int sent, int done, int inflight, int success, int cancelled, int expired,
                       int failed, int timeout) {
    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0);

    /** Whether {@code done} equals the sum of the final statuses. */
    public boolean consistent() {
        return done == success + failed + timeout + expired + cancelled && inflight == sent - done;
    }
}
