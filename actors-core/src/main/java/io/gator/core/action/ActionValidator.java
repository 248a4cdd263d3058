package io.gator.core.action;

import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * MIG's {@code Action.Validate()} plus the validity window: non-empty name and target, syntax
 * version 2, validfrom before expireafter, at least one operation with a module name, at least one
 * signature; and, against a clock, expireafter in the future.
 */
public final class ActionValidator {
    private ActionValidator() {}

    /** Checks the structure only (what holds whatever the time is). */
    public static void validateStructure(Action a) {
        if (a.name().isBlank()) {
            throw new InvalidActionException("action name is empty");
        }
        if (a.target().isBlank()) {
            throw new InvalidActionException("action target is empty");
        }
        if (a.syntaxVersion() != Action.SYNTAX_VERSION) {
            throw new InvalidActionException("action syntaxversion is " + a.syntaxVersion() + ", only "
                    + Action.SYNTAX_VERSION + " is supported");
        }
        if (!a.validFrom().isBefore(a.expireAfter())) {
            throw new InvalidActionException("action validfrom (" + a.validFrom() + ") is not before expireafter ("
                    + a.expireAfter() + ")");
        }
        if (a.operations().isEmpty()) {
            throw new InvalidActionException("action has no operations");
        }
        for (int i = 0; i < a.operations().size(); i++) {
            if (a.operations().get(i).module().isBlank()) {
                throw new InvalidActionException("operation " + i + " has no module name");
            }
        }
        if (a.pgpSignatures().isEmpty()) {
            throw new InvalidActionException("action is not signed (no pgpsignatures)");
        }
    }

    /** Structure, then: not expired at {@code clock}'s now. */
    public static void validate(Action a, Clock clock) {
        validateStructure(a);
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!a.expireAfter().isAfter(now)) {
            throw new InvalidActionException("action expired at " + a.expireAfter());
        }
    }

    /** Whether the action may run now (validfrom reached, expireafter not). */
    public static boolean inWindow(Action a, Clock clock) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return !now.isBefore(a.validFrom()) && now.isBefore(a.expireAfter());
    }
}
