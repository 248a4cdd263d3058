package io.gator.agent.module;

/** A runner stopped because its operation was cancelled or its thread interrupted. */
public final class ModuleCancelledException extends RuntimeException {
    public ModuleCancelledException(String module) {
        super("module " + module + " was cancelled");
    }
}
