package io.gator.agent.module;

/**
 * A run went over one of the agent's limits ({@code gator.agent.limits}) and was stopped. It is a cancellation, so
 * runners that rethrow {@link ModuleCancelledException} stop on it too; the operation is answered {@code failed}
 * with {@link #getMessage()}, e.g. "module file stopped: cpu limit 30 s exceeded".
 */
public final class LimitExceededException extends ModuleCancelledException {
    private final String limit;

    /** @param limit what was exceeded, e.g. "cpu limit 30 s exceeded" */
    public LimitExceededException(String module, String limit) {
        super("module " + module + " stopped: " + limit, true);
        this.limit = limit;
    }

    /** What was exceeded, without the module's name. */
    public String limit() {
        return limit;
    }
}
