package io.gator.core.target;

import io.gator.core.agent.Agent;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A parsed MIG target expression: the SQL-like filter an action carries to choose its agents.
 * Gator never pastes the string into SQL; it parses it against a whitelist of columns and operators
 * and compiles it to parameterized SQL or to an in-memory predicate with the same meaning.
 *
 * <pre>{@code
 * Target t = Target.parse("status='online' AND environment->>'os'='linux'");
 * SqlWhere w = t.toSql(SqlDialect.POSTGRESQL, clock);   // bind w.params() to w.sql()'s ? in order
 * Predicate<Agent> p = t.toPredicate(clock);
 * }</pre>
 */
public final class Target {
    private final Expr expr;

    private Target(Expr expr) {
        this.expr = expr;
    }

    /** Parses with the default limits; {@code all} alone means {@code status = 'online'}. */
    public static Target parse(String target) {
        return parse(target, TargetLimits.DEFAULT);
    }

    /** Parses with explicit limits (see {@link TargetLimits#fromConfig}). */
    public static Target parse(String target, TargetLimits limits) {
        return new Target(Parser.parse(target, limits));
    }

    /**
     * Parses a target over another table's words ({@link TargetTable#LOADERS}: a manifest's target or a loader's
     * expected environment). Such a target compiles to SQL only; {@link #toPredicate} is for agents.
     */
    public static Target parse(String target, TargetLimits limits, TargetTable table) {
        return new Target(Parser.parse(target, limits, Objects.requireNonNull(table)));
    }

    /** The syntax tree. */
    public Expr expr() {
        return expr;
    }

    /** SQL over the {@code agents} table, columns unqualified; {@code NOW()} is resolved against the clock now. */
    public SqlWhere toSql(SqlDialect dialect, Clock clock) {
        return SqlCompiler.compile(expr, Objects.requireNonNull(dialect), Objects.requireNonNull(clock), "");
    }

    /**
     * As {@link #toSql(SqlDialect, Clock)} with every column written {@code <tableAlias>.<column>}, for queries
     * that join {@code agents} to tables with the same column names.
     *
     * @param tableAlias the alias (or table name) of {@code agents} in the caller's query: a plain SQL identifier
     * @throws IllegalArgumentException when the alias is not {@code [A-Za-z_][A-Za-z0-9_]*}
     */
    public SqlWhere toSql(SqlDialect dialect, Clock clock, String tableAlias) {
        if (!tableAlias.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("table alias must be a plain SQL identifier: " + tableAlias);
        }
        return SqlCompiler.compile(expr, Objects.requireNonNull(dialect), Objects.requireNonNull(clock),
                tableAlias + ".");
    }

    /** The same filter over agent records; {@code NOW()} is resolved against the clock now, once. */
    public Predicate<Agent> toPredicate(Clock clock) {
        return Evaluator.compile(expr, Objects.requireNonNull(clock));
    }

    /** The normalized target text (upper-case keywords, canonical operators, minimal parentheses). */
    @Override
    public String toString() {
        return expr.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target t && t.expr.equals(expr);
    }

    @Override
    public int hashCode() {
        return expr.hashCode();
    }
}
