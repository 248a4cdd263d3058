package io.gator.api.backend;

import io.gator.core.action.Action;
import io.gator.core.investigator.Investigator;
import java.util.List;

/** One run of a standing order as the API checked it: the signed action and its verified signers. */
public record SignedRun(Action action, List<Investigator> signers) {
    public SignedRun {
        signers = List.copyOf(signers);
    }
}
