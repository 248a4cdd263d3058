package io.gator.scheduler.action;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Resolves an action's target string to agents. Production: the actors-core target compiler
 * ({@code Target.parse(s).toSql(dialect, clock)}) over the agents table through AgentRepository;
 * tests use a double.
 */
public interface AgentSelector {
    /** Refuses a target outside the grammar before any SQL runs; the message names what is wrong. */
    void validate(String target) throws IllegalArgumentException;

    /** The agents the target selects now (blocking work belongs on a dispatcher of the implementation's choice). */
    CompletionStage<List<TargetAgent>> select(String target);

    /**
     * The agents among {@code queueLocs} the target selects now (late reach checks only the agents that just
     * heartbeated). This default filters {@link #select}; a database selector restricts its query instead.
     */
    default CompletionStage<List<TargetAgent>> selectAmong(String target, java.util.Collection<String> queueLocs) {
        java.util.Set<String> among = java.util.Set.copyOf(queueLocs);
        return select(target).thenApply(l -> l.stream().filter(a -> among.contains(a.queueLoc())).toList());
    }
}
