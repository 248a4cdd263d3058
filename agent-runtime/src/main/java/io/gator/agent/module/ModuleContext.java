package io.gator.agent.module;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a runner gets besides its parameters.
 *
 * @param cancelled    set by whoever cuts the run short (the agent's per-operation timeout); runners poll it
 *                     through {@link #checkCancelled(String)}, which also honours thread interruption
 * @param extraPrivacy MIG's extra privacy mode: mask file names and remote addresses in results
 * @param root         where system files are read from ({@code /}; a fixture tree in tests):
 *                     {@code proc/net/*}, {@code var/lib/dpkg/status}
 * @param budget       the run's account against the agent's limits; {@link #checkCancelled(String)} is its
 *                     checkpoint, and threads a run starts call {@link RunBudget#enlist()} so their work counts
 */
public record ModuleContext(AtomicBoolean cancelled, boolean extraPrivacy, Path root, RunBudget budget) {
    public ModuleContext {
        cancelled = cancelled == null ? new AtomicBoolean() : cancelled;
        root = root == null ? Path.of("/") : root;
        budget = budget == null ? RunBudget.UNLIMITED : budget;
    }

    /** A context without limits. */
    public ModuleContext(AtomicBoolean cancelled, boolean extraPrivacy, Path root) {
        this(cancelled, extraPrivacy, root, RunBudget.UNLIMITED);
    }

    /** A context on the real system, not cancelled, without extra privacy. */
    public static ModuleContext defaults() {
        return new ModuleContext(new AtomicBoolean(), false, Path.of("/"));
    }

    public ModuleContext withExtraPrivacy(boolean on) {
        return new ModuleContext(cancelled, on, root, budget);
    }

    public ModuleContext withRoot(Path r) {
        return new ModuleContext(cancelled, extraPrivacy, r, budget);
    }

    /** Asks the run to stop. */
    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get() || Thread.currentThread().isInterrupted();
    }

    /**
     * Throws {@link ModuleCancelledException} when the run must stop ({@link LimitExceededException} past one of
     * the agent's limits), and pauses a run that is over its CPU share.
     */
    public void checkCancelled(String module) {
        if (isCancelled()) {
            throw new ModuleCancelledException(module);
        }
        budget.checkpoint(module);
    }

    /** Counts a file the run reads against the agent's file rate, pausing as needed. */
    public void fileRead(String module) {
        budget.fileRead(module);
    }

    /** A system file under {@link #root()}, from an absolute path such as {@code /proc/net/tcp}. */
    public Path system(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }
}
