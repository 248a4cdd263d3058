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

    public static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    public static OffsetDateTime time(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
