package io.gator.core.target;

import java.util.List;

/**
 * The databases a target compiles for. See the package documentation for the {@code agents} schema each
 * expects.
 */
public enum SqlDialect {
    /** PostgreSQL: {@code environment} and {@code tags} are JSONB, read with {@code ->>}. */
    POSTGRESQL(List.of()),
    /**
     * H2 2.x: {@code environment} and {@code tags} hold JSON text and are read through the
     * {@code GATOR_JSON_TEXT} function, which {@link #setupStatements()} declares.
     */
    H2(List.of("CREATE ALIAS IF NOT EXISTS " + H2JsonFunctions.SQL_NAME + " DETERMINISTIC FOR '"
            + H2JsonFunctions.class.getName() + ".text'"));

    private final List<String> setup;

    SqlDialect(List<String> setup) {
        this.setup = setup;
    }

    /** Statements to run once per database before compiled targets are used there (idempotent). */
    public List<String> setupStatements() {
        return setup;
    }
}
