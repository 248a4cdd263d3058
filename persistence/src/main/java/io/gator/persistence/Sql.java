package io.gator.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Small JDBC helpers shared by the repositories. */
public final class Sql {
    private Sql() {}

    /** A parameter placeholder for a JSON column: a cast on PostgreSQL (JSONB), plain text on H2. */
    public static String jsonParam(Dialect d) {
        return d == Dialect.POSTGRES ? "CAST(? AS jsonb)" : "?";
    }

    /** A JSON column read back as text. */
    public static String jsonText(Dialect d, String column) {
        return d == Dialect.POSTGRES ? column + "::text" : column;
    }

    /** What PostgreSQL cannot hold in text (U+0000) is stored as the six characters backslash, u, 0, 0, 0, 0, on every database. */
    public static final String NUL_ESCAPED = "\\u0000";

    /**
     * A text value as stored: PostgreSQL refuses U+0000 in text ("invalid byte sequence"), and one such value
     * would stop whatever writes it (the projection for good), so it is kept in its escaped form, never dropped.
     */
    public static String text(String s) {
        return s == null || s.indexOf('\0') < 0 ? s : s.replace("\0", NUL_ESCAPED);
    }

    /**
     * Text cut to a column's width (in characters; a surrogate pair is never split), for columns that copy part
     * of a document kept whole elsewhere: an overlong value must not fail the row.
     */
    public static String fit(String s, int width) {
        if (s == null || s.length() <= width) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(width - 1)) ? width - 1 : width;
        return s.substring(0, end);
    }

    /** A LIKE pattern matching text as {@link #text} stores it (backslash is LIKE's escape on both databases). */
    public static String like(String pattern) {
        return pattern.indexOf('\0') < 0 ? pattern : pattern.replace("\0", "\\" + NUL_ESCAPED);
    }

    /**
     * A JSON document as stored: jsonb refuses the JSON escape of U+0000, so a NUL inside a JSON string becomes
     * an escaped backslash followed by u0000 (the string then reads back as the six characters, as {@link #text} stores
     * them); an escaped backslash already followed by u0000 is left alone.
     */
    public static String json(String json) {
        if (json == null || (json.indexOf('\0') < 0 && !json.contains(NUL_ESCAPED))) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\0') {
                out.append("\\\\u0000");
            } else if (c == '\\' && i + 1 < json.length()) {
                if (json.startsWith(NUL_ESCAPED, i)) {
                    out.append("\\\\u0000");
                    i += NUL_ESCAPED.length() - 1;
                } else {
                    out.append(c).append(json.charAt(++i));
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Binds search and target parameters; text is escaped as stored ({@link #text}), so a NUL matches, never fails. */
    public static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            ps.setObject(i + 1, p instanceof String t ? text(t) : p);
        }
    }

    public static OffsetDateTime time(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
