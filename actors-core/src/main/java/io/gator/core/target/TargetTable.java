package io.gator.core.target;

import java.util.Locale;
import java.util.Optional;

/**
 * The table a target selects rows of, which decides the words it may use. {@link #AGENTS}: actions' targets
 * (see the package documentation). {@link #LOADERS}: manifests' targets and loaders' expected environments,
 * written for MIG's {@code loaders} table ({@code env#>>'{os}'='linux'}); compiled SQL names the columns
 * {@code id, name, loadername, queueloc, lastseen, environment, tags}, so the table stores MIG's {@code env}
 * as {@code environment}.
 */
public enum TargetTable {
    AGENTS("id, name, queueloc, mode, version, pid, status, starttime, heartbeattime, destructiontime, "
            + "environment->>'key', tags->>'key'"),
    LOADERS("id, name, loadername, queueloc, lastseen, env->>'key' (or environment), tags->>'key'");

    private final String expected;

    TargetTable(String expected) {
        this.expected = expected;
    }

    /** The plain column a word names here, case-insensitively. */
    public Optional<Column> column(String word) {
        if (this == AGENTS) {
            return Column.byName(word);
        }
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "id" -> Optional.of(Column.ID);
            case "name" -> Optional.of(Column.NAME);
            case "loadername" -> Optional.of(Column.LOADERNAME);
            case "queueloc" -> Optional.of(Column.QUEUELOC);
            case "lastseen" -> Optional.of(Column.LASTSEEN);
            default -> Optional.empty();
        };
    }

    /** The JSON column a word names here ({@code env} is MIG's loaders column for the environment). */
    public Optional<JsonDoc> jsonDoc(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "environment" -> Optional.of(JsonDoc.ENVIRONMENT);
            case "env" -> this == LOADERS ? Optional.of(JsonDoc.ENVIRONMENT) : Optional.empty();
            case "tags" -> Optional.of(JsonDoc.TAGS);
            default -> Optional.empty();
        };
    }

    /** The words a target may name here, for error messages. */
    String expectedColumns() {
        return expected;
    }
}
