package io.gator.api.loader;

import io.gator.api.backend.BackendRejectedException;
import io.gator.core.target.SqlDialect;
import io.gator.core.target.SqlWhere;
import io.gator.core.target.Target;
import io.gator.core.target.TargetLimits;
import io.gator.core.target.TargetSyntaxException;
import io.gator.core.target.TargetTable;

import java.time.Clock;

/**
 * Manifest targets and loaders' expected environments. MIG pastes them into SQL over its {@code loaders}
 * table; Gator parses them with its target grammar ({@link TargetTable#LOADERS}: {@code env->>'os'},
 * {@code env#>>'{os}'}, {@code tags->>'k'}, {@code name}, {@code loadername}, {@code queueloc}, {@code id},
 * {@code lastseen}, with AND/OR/NOT, comparisons, LIKE, IN, regexes) and binds every value; anything else is
 * refused with a 400 naming the position.
 */
public final class LoaderTargets {
    /** MIG's column width for targets and expected environments. */
    public static final int MAX_LENGTH = 2048;

    private final SqlDialect dialect;
    private final Clock clock;

    public LoaderTargets(SqlDialect dialect, Clock clock) {
        this.dialect = dialect;
        this.clock = clock;
    }

    /** Parses {@code text}, or a 400 saying why in the words of {@code what} ("manifest target"). */
    public static Target parse(String text, String what) {
        try {
            return Target.parse(text, new TargetLimits(MAX_LENGTH, 64), TargetTable.LOADERS);
        } catch (TargetSyntaxException e) {
            throw new BackendRejectedException(what + " is refused: " + e.getMessage().replaceFirst("^target: ", "")
                    + " (Gator compiles targets with its own grammar instead of running them as SQL; see "
                    + "docs/loader.md)");
        }
    }

    /** SQL over the loaders table, columns qualified with {@code alias}. */
    public SqlWhere compile(String text, String what, String alias) {
        return parse(text, what).toSql(dialect, clock, alias);
    }
}
