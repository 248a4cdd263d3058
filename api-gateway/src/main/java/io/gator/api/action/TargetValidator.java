package io.gator.api.action;

import java.util.Optional;

/** Checks an action target against Gator's target grammar; wired to the target parser. */
@FunctionalInterface
public interface TargetValidator {
    /** Empty when the target is valid, else what is wrong with it. */
    Optional<String> problem(String target);
}
