package io.gator.core.target;

/**
 * The H2 side of {@code ->>}: declared in H2 as {@value #SQL_NAME} by {@link SqlDialect#setupStatements()}.
 * H2 has no JSON field access, so compiled H2 targets call this on the JSON text of
 * {@code environment} or {@code tags}.
 */
public final class H2JsonFunctions {
    /** The SQL function name compiled H2 targets use. */
    public static final String SQL_NAME = "GATOR_JSON_TEXT";

    private H2JsonFunctions() {}

    /** {@code json ->> key} with PostgreSQL's jsonb results; NULL for NULL input, a non-object or a missing key. */
    public static String text(String json, String key) {
        return JsonText.field(json, key);
    }
}
