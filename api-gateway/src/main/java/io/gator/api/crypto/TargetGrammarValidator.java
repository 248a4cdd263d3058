package io.gator.api.crypto;

import io.gator.api.action.TargetValidator;
import io.gator.core.target.Target;
import io.gator.core.target.TargetSyntaxException;
import java.util.Optional;

/** Checks targets with Gator's target parser; nothing of a target reaches SQL unparsed. */
public final class TargetGrammarValidator implements TargetValidator {
    @Override
    public Optional<String> problem(String target) {
        try {
            Target.parse(target);
            return Optional.empty();
        } catch (TargetSyntaxException e) {
            return Optional.of(e.getMessage());
        }
    }
}
