package io.gator.core.target;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Targets over MIG's loaders table: MIG's own forms compile to bound SQL, the agents' words and raw SQL do not. */
class LoaderTargetTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T09:30:00Z"), ZoneOffset.UTC);

    static Target loaders(String t) {
        return Target.parse(t, TargetLimits.DEFAULT, TargetTable.LOADERS);
    }

    @Test
    void migsManifestTargetCompilesWithEveryValueBound() {
        SqlWhere w = loaders("env#>>'{os}'='linux'").toSql(SqlDialect.POSTGRESQL, CLOCK, "l");
        assertEquals("(l.environment->>?) = ?", w.sql());
        assertEquals(List.of("os", "linux"), w.params());
        SqlWhere h2 = loaders("env->>'os'='linux'").toSql(SqlDialect.H2, CLOCK, "l");
        assertEquals("GATOR_JSON_TEXT(l.environment, ?) = ?", h2.sql());
    }

    @Test
    void loaderColumnsTagsAndTimesCompile() {
        SqlWhere w = loaders("loadername LIKE 'web-%' AND name = 'vm' AND tags->>'operator' = 'cap2' "
                + "AND lastseen > NOW() - INTERVAL '1 hour' AND id IN (1, 2) AND queueloc ~ '^linux'")
                .toSql(SqlDialect.POSTGRESQL, CLOCK, "l");
        assertTrue(w.sql().contains("l.loadername LIKE ?"), w.sql());
        assertTrue(w.sql().contains("l.lastseen > ?"), w.sql());
        assertTrue(w.sql().contains("(l.tags->>?) = ?"), w.sql());
        assertEquals(List.of("web-%", "vm", "operator", "cap2"), w.params().subList(0, 4));
        assertEquals(java.time.OffsetDateTime.parse("2026-12-02T08:30Z"), w.params().get(4), "NOW() - 1 hour, bound");
        assertEquals(8, w.params().size(), w.params().toString());
    }

    @Test
    void agentOnlyColumnsAndTheAllMacroAreRefusedForLoaders() {
        TargetSyntaxException e = assertThrows(TargetSyntaxException.class, () -> loaders("status='online'"));
        assertTrue(e.getMessage().contains("unknown column 'status'"), e.getMessage());
        assertTrue(e.getMessage().contains("loadername"), "the message lists the loader words: " + e.getMessage());
        assertThrows(TargetSyntaxException.class, () -> loaders("all"));
        assertThrows(TargetSyntaxException.class, () -> loaders("heartbeattime > NOW()"));
    }

    @Test
    void loaderOnlyWordsAreRefusedInActionTargets() {
        assertThrows(TargetSyntaxException.class, () -> Target.parse("loadername='x'"));
        assertThrows(TargetSyntaxException.class, () -> Target.parse("lastseen > NOW()"));
        assertThrows(TargetSyntaxException.class, () -> Target.parse("env->>'os'='linux'"));
    }

    @Test
    void rawSqlThatMigWouldRunIsRefused() {
        for (String sql : List.of("env#>>'{os}'='linux'; DROP TABLE loaders",
                "id IN (SELECT id FROM investigators)", "env::text LIKE '%linux%'", "1=1",
                "loadername = 'a' -- comment", "lower(name) = 'vm'", "env#>>'{os,name}'='x'")) {
            assertThrows(TargetSyntaxException.class, () -> loaders(sql), sql);
        }
    }

    @Test
    void aLoaderTargetHasNoInMemoryPredicateForLoaderColumns() {
        Target t = loaders("loadername = 'x'");
        assertThrows(IllegalArgumentException.class, () -> t.toPredicate(CLOCK));
    }
}
