package io.gator.agent.module;

/** A runner stopped because its operation was cancelled or its thread interrupted. */
public class ModuleCancelledException extends RuntimeException {
    public ModuleCancelledException(String module) {
        super("module " + module + " was cancelled");
    }

    /** For subclasses saying why the run was stopped; code that passes cancellation through passes these too. */
    protected ModuleCancelledException(String message, boolean stopped) {
        super(message);
    }
}
