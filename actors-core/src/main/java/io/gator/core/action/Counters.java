package io.gator.core.action;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gator.core.command.CommandStatus;
import java.util.Map;

/**
 * An action's command counters, and MIG's arithmetic over them, which the scheduler's entity and the read model
 * both use: {@code done = success + failed + timeout + expired + cancelled} and {@code inflight = sent - done}.
 * Zero counters are omitted on the wire, as MIG does.
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

    /** {@code n} more commands confirmed sent. */
    public Counters plusSent(int n) {
        return new Counters(sent + n, done, sent + n - done, success, cancelled, expired, failed, timeout);
    }

    /**
     * {@code n} more commands ended with the final {@code status}; {@code unsent} of them had no confirm yet and
     * count as sent now (a result proves its command was sent; an expiry or cancel ends unsent ones too).
     */
    public Counters plusFinished(String status, int n, int unsent) {
        int su = success, ca = cancelled, ex = expired, fa = failed, ti = timeout;
        switch (status) {
            case CommandStatus.SUCCESS -> su += n;
            case CommandStatus.CANCELLED -> ca += n;
            case CommandStatus.EXPIRED -> ex += n;
            case CommandStatus.FAILED -> fa += n;
            case CommandStatus.TIMEOUT -> ti += n;
            default -> throw new IllegalArgumentException("not a final command status: " + status);
        }
        int s = sent + unsent, d = done + n;
        return new Counters(s, d, s - d, su, ca, ex, fa, ti);
    }

    /** The counters of commands counted per status: each that left {@link CommandStatus#PENDING} was sent. */
    public static Counters ofCommandStatuses(Map<String, Integer> countByStatus) {
        Counters k = ZERO;
        for (Map.Entry<String, Integer> e : countByStatus.entrySet()) {
            int n = e.getValue();
            if (CommandStatus.isFinal(e.getKey())) {
                k = k.plusFinished(e.getKey(), n, n);
            } else if (!CommandStatus.PENDING.equals(e.getKey())) {
                k = k.plusSent(n);
            }
        }
        return k;
    }
}
