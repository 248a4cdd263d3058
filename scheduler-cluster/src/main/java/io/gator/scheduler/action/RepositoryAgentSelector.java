package io.gator.scheduler.action;

import io.gator.core.target.SqlDialect;
import io.gator.core.target.SqlWhere;
import io.gator.core.target.Target;
import io.gator.persistence.Dialect;
import io.gator.persistence.agent.AgentRepository;
import java.time.Clock;
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
     * Compiles a target string; throws IllegalArgumentException naming the problem. Production:
     * {@link #targetCompiler(Dialect, Clock)}.
     */
    @FunctionalInterface
    public interface TargetCompiler {
        Where compile(String target);
    }

    private final AgentRepository repo;
    private final TargetCompiler compiler;
    private final Executor blocking;

    /** actors-core's target compiler ({@code Target.parse(s).toSql(dialect, clock)}) for the database's dialect. */
    public static TargetCompiler targetCompiler(Dialect dialect, Clock clock) {
        SqlDialect sql = dialect == Dialect.POSTGRES ? SqlDialect.POSTGRESQL : SqlDialect.H2;
        return target -> {
            SqlWhere w = Target.parse(target).toSql(sql, clock); // TargetSyntaxException is an IllegalArgumentException
            return new Where(w.sql(), w.params());
        };
    }

    /** The production selector: targets compiled for {@code dialect}, queries run on {@code blocking}. */
    public static RepositoryAgentSelector compiling(AgentRepository repo, Dialect dialect, Clock clock,
                                                    Executor blocking) {
        return new RepositoryAgentSelector(repo, targetCompiler(dialect, clock), blocking);
    }

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

    /** The target AND queueloc IN (the given ones), one bound parameter each. */
    @Override
    public CompletionStage<List<TargetAgent>> selectAmong(String target, java.util.Collection<String> queueLocs) {
        if (queueLocs.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return CompletableFuture.supplyAsync(() -> {
            Where w = compiler.compile(target);
            List<Object> params = new java.util.ArrayList<>(w.params());
            params.addAll(queueLocs);
            String in = String.join(",", java.util.Collections.nCopies(queueLocs.size(), "?"));
            return repo.select("(" + w.sql() + ") AND queueloc IN (" + in + ")", params).stream()
                    .map(TargetAgent::of).toList();
        }, blocking);
    }
}
