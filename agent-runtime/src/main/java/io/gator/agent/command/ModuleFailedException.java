package io.gator.agent.command;

import io.gator.core.command.Result;

/**
 * The module could not run at all (MIG's {@code runModule} errors, e.g. a persistent module that is not
 * registered): the operation is reported {@code failed} with this result, word for word.
 */
public final class ModuleFailedException extends RuntimeException {
    private final transient Result result;

    public ModuleFailedException(Result result) {
        super(String.join("; ", result.errors()));
        this.result = result;
    }

    public Result result() {
        return result;
    }
}
