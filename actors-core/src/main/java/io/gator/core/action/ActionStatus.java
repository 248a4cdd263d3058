package io.gator.core.action;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An action's status, by MIG's names ({@link #wire()}), and the rule that moves it while commands are sent. The
 * scheduler's entity and the read model both apply {@link #afterSending}, so they cannot disagree.
 */
public enum ActionStatus {
    /** Posted, not yet accepted by the scheduler (what the API answers for a just-posted action). */
    PENDING("pending", false),
    SCHEDULED("scheduled", false),
    PREPARING("preparing", false),
    INFLIGHT("inflight", false),
    COMPLETED("completed", true),
    EXPIRED("expired", true),
    CANCELLED("cancelled", true),
    INVALID("invalid", true);

    private static final Map<String, ActionStatus> BY_WIRE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ActionStatus::wire, Function.identity()));

    private final String wire;
    private final boolean isFinal;

    ActionStatus(String wire, boolean isFinal) {
        this.wire = wire;
        this.isFinal = isFinal;
    }

    /** The status as MIG writes it. */
    public String wire() {
        return wire;
    }

    /** Whether the action has ended. */
    public boolean isFinal() {
        return isFinal;
    }

    /** The status written {@code wire}; an unknown name is refused. */
    public static ActionStatus of(String wire) {
        ActionStatus s = BY_WIRE.get(wire);
        if (s == null) {
            throw new IllegalArgumentException("not an action status: '" + wire + "'");
        }
        return s;
    }

    /** The status once {@code k} counts the action's sent commands out of {@code commands}: preparing becomes
     * inflight when every command is sent; any other status stays. */
    public ActionStatus afterSending(Counters k, int commands) {
        return this == PREPARING && k.sent() == commands ? INFLIGHT : this;
    }
}
