package io.gator.core.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetSqlTest {
    private static final String TARGET = "status='online' AND (environment->>'os'='linux' OR name ~* '^web') "
            + "AND NOT tags->>'operator' ILIKE 'it%' AND heartbeattime > NOW() - interval '5 minutes' AND pid IN (1, 2.5)";

    @Test
    void postgresqlSqlHasOnlyPlaceholdersForValues() {
        SqlWhere w = Target.parse(TARGET).toSql(SqlDialect.POSTGRESQL, TestAgents.CLOCK);
        assertEquals("(status = ? AND ((environment->>?) = ? OR name ~* ?) AND (NOT (tags->>?) ILIKE ?) "
                + "AND heartbeattime > ? AND pid IN (?, ?))", w.sql());
        assertEquals(List.of("online", "os", "linux", "^web", "operator", "it%",
                OffsetDateTime.parse("2026-11-23T07:55:00Z"), 1L, new java.math.BigDecimal("2.5")), w.params());
    }

    @Test
    void h2SqlUsesTheJsonFunctionLowerAndRegexpLike() {
        SqlWhere w = Target.parse(TARGET).toSql(SqlDialect.H2, TestAgents.CLOCK);
        assertEquals("(status = ? AND (GATOR_JSON_TEXT(environment, ?) = ? OR REGEXP_LIKE(name, ?, ?)) "
                + "AND (NOT LOWER(GATOR_JSON_TEXT(tags, ?)) LIKE LOWER(?)) AND heartbeattime > ? AND pid IN (?, ?))",
                w.sql());
        assertEquals(List.of("online", "os", "linux", "^web", "i", "operator", "it%",
                OffsetDateTime.parse("2026-11-23T07:55:00Z"), 1L, new java.math.BigDecimal("2.5")), w.params());
    }

    @Test
    void textOrderingIsCollatedByCodePointOnPostgresqlOnly() {
        assertEquals("version COLLATE ucs_basic >= ?",
                Target.parse("version >= '2017'").toSql(SqlDialect.POSTGRESQL, TestAgents.CLOCK).sql());
        assertEquals("version >= ?", Target.parse("version >= '2017'").toSql(SqlDialect.H2, TestAgents.CLOCK).sql());
    }

    @Test
    void qualifiedSqlPrefixesEveryColumnAndRefusesAnAliasThatIsNotAnIdentifier() {
        assertEquals("(a.name = ? AND (a.tags->>?) IS NULL)",
                Target.parse("name='x' AND tags->>'k' IS NULL").toSql(SqlDialect.POSTGRESQL, TestAgents.CLOCK, "a").sql());
        assertThrows(IllegalArgumentException.class,
                () -> Target.parse("name='x'").toSql(SqlDialect.H2, TestAgents.CLOCK, "a; DROP TABLE agents"));
    }

    @Test
    void nowIsResolvedAgainstTheInjectedClockToMicroseconds() {
        var clock = java.time.Clock.fixed(java.time.Instant.parse("2026-11-23T08:00:00.123456789Z"),
                java.time.ZoneOffset.UTC);
        SqlWhere w = Target.parse("starttime < NOW() + interval '1 hour' - INTERVAL '2 days'")
                .toSql(SqlDialect.POSTGRESQL, clock);
        assertEquals(List.of(OffsetDateTime.parse("2026-11-21T09:00:00.123456Z")), w.params());
    }
}
