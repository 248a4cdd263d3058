package io.gator.scheduler.action;

import io.gator.persistence.agent.AgentRepository;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Resolves targets against the agents table: the target compiler turns the string into a parameterized
 * WHERE clause (never string-built from input), the repository runs it on a blocking executor.
 */
public final class RepositoryAgentSelector implements AgentSelector {

    /** A compiled target: WHERE clause over {@code agents} with {@code ?} placeholders and their values. */
    public record Where(String sql, List<Object> params) {}

    /**
     * Compiles a target string; throws IllegalArgumentException naming the problem. The lead wires it to
     * {@code io.gator.core.target.Target.parse(s).toSql(dialect, clock)}.
     */
    @FunctionalInterface
    public interface TargetCompiler {
        Where compile(String target);
    }

    private final AgentRepository repo;
    private final TargetCompiler compiler;
    private final Executor blocking;

    public RepositoryAgentSelector(AgentRepository repo, TargetCompiler compiler, Executor blocking) {
        this.repo = repo;
        this.compiler = compiler;
        this.blocking = blocking;
    }

    @Override
    public void validate(String target) {
        compiler.compile(target);
    }

    @Override
    public CompletionStage<List<TargetAgent>> select(String target) {
        return CompletableFuture.supplyAsync(() -> {
            Where w = compiler.compile(target);
            return repo.select(w.sql(), w.params()).stream().map(TargetAgent::of).toList();
        }, blocking);
    }
}
