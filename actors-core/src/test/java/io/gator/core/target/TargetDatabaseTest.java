package io.gator.core.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.agent.Agent;
import io.gator.core.json.MigJson;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compiled SQL run on the real PostgreSQL and on H2 selects exactly the agents the in-memory predicate
 * selects, for targets covering every operator, column, NULL case and escape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TargetDatabaseTest {
    private static final String PG_ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private final String pgName = "gator_target_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private Connection pg;
    private Connection h2;
    private Connection h2PgMode;

    static Stream<String> targets() {
        return Stream.of(
                "queueloc LIKE 'linux.%' AND environment->>'ident' ILIKE '%ubuntu%'",
                "environment->>'os'='linux'",
                "status='online'",
                "all",
                "name IN ('a','b')",
                "heartbeattime > NOW() - interval '5 minutes'",
                "tags->>'operator'='IT'",
                "status='online' AND (environment->>'os'='linux' OR name ~* '^web')",
                "name='vm' AND pid=28249 OR name = 'vm'",
                "tags->>'operator' != 'IT'",
                "NOT tags->>'operator' = 'IT'",
                "tags->>'operator' IS NULL",
                "tags->>'nothere' NOT IN ('x')",
                "NOT (tags->>'operator' IS NOT NULL)",
                "tags->>'nothere' = 'x' OR TRUE",
                "tags->>'nothere' = 'x' AND TRUE",
                "NOT (tags->>'nothere' = 'x' AND TRUE)",
                "environment->>'ident' IS NULL",
                "environment->>'isproxied' = 'true'",
                "environment->>'isproxied' = false",
                "environment->>'addresses' = '[\"192.0.2.10/24\", \"fd00::10/64\"]'",
                "environment->>'addresses' LIKE '%\"192.0.2.2/24\"%'",
                "environment->>'modules' ~ 'fswatch'",
                "environment->>'proxy' LIKE '%:3128' AND environment->>'publicip' IS NULL",
                "environment->>'init' IN ('systemd', 'upstart') OR environment->>'arch' = 'arm64'",
                "name LIKE '100\\%\\_sure\\\\x'",
                "name LIKE '1__%'",
                "queueloc LIKE 'linux.\\%%'",
                "name LIKE 'web__.%'",
                "name ILIKE 'WEB%'",
                "queueloc NOT LIKE 'linux.%'",
                "name NOT ILIKE 'web%'",
                "name LIKE '%.example.net'",
                "name ~ '^web'",
                "name ~* '^web'",
                "name ~ 'eb'",
                "name ~ 'example\\.net$'",
                "name !~ '^web'",
                "name !~* '^web'",
                "tags->>'operator' ~* '^it$'",
                "pid >= 400",
                "pid >= '400'",
                "id < 7.5 AND id > 6 AND id <> 1",
                "id = 28059838906376",
                "pid = -0 OR pid < -5",
                "pid NOT IN (100, 200, 300)",
                "starttime < NOW() - INTERVAL '30 days'",
                "heartbeattime < now() - interval '1 day' AND heartbeattime > NOW() - interval '3 days'",
                "starttime = '2026-11-23T07:00:00Z'",
                "starttime = '2026-11-23 09:00:00+02'",
                "starttime IN ('2026-11-23T07:00:00Z', '2026-11-22T08:00:00Z')",
                "heartbeatts < '2000-01-01'",
                "destructiontime > NOW() + interval '1000 days'",
                "heartbeattime >= NOW() - interval '299 seconds' AND heartbeattime <= NOW() - interval '1 minute'",
                "version > '2017'",
                "name < 'a'",
                "name >= 'a' AND name <= 'b'",
                "mode = 'checkin' OR mode = ''",
                "tags->>'Build_ID-1.x' = '42'",
                "tags#>>'{env.name}' = 'prod'",
                "tags->>'quote' = 'it''s'",
                "tags->>'operator' < 'J'",
                "FALSE",
                "NOT NOT status = 'online'",
                "status = 'online' AND NOT (name ILIKE '%example%' OR tags->>'operator' IS NULL)");
    }

    @BeforeAll
    void createDatabases() throws SQLException {
        try (Connection admin = DriverManager.getConnection(PG_ADMIN, "postgres", "");
             Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + pgName);
        }
        pg = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + pgName, "postgres", "");
        try (Statement st = pg.createStatement()) {
            st.execute("CREATE TABLE agents (id BIGINT PRIMARY KEY, name TEXT NOT NULL, queueloc TEXT NOT NULL, "
                    + "mode TEXT NOT NULL, version TEXT NOT NULL, pid BIGINT NOT NULL, status TEXT NOT NULL, "
                    + "starttime TIMESTAMPTZ NOT NULL, heartbeattime TIMESTAMPTZ NOT NULL, "
                    + "destructiontime TIMESTAMPTZ NOT NULL, environment JSONB, tags JSONB)");
        }
        insert(pg, "?::jsonb");

        h2 = openH2(pgName);
        h2PgMode = openH2(pgName + "_pgmode;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    /** A fresh in-memory H2 database holding the test agents, set up as the schema contract says. */
    static Connection openH2(String name) throws SQLException {
        Connection h2 = DriverManager.getConnection("jdbc:h2:mem:" + name, "sa", "");
        try (Statement st = h2.createStatement()) {
            for (String s : SqlDialect.H2.setupStatements()) {
                st.execute(s);
            }
            // environment as VARCHAR and tags as CLOB: both character types the schema contract allows.
            st.execute("CREATE TABLE agents (id BIGINT PRIMARY KEY, name CHARACTER VARYING NOT NULL, "
                    + "queueloc CHARACTER VARYING NOT NULL, mode CHARACTER VARYING NOT NULL, "
                    + "version CHARACTER VARYING NOT NULL, pid BIGINT NOT NULL, status CHARACTER VARYING NOT NULL, "
                    + "starttime TIMESTAMP WITH TIME ZONE NOT NULL, heartbeattime TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "destructiontime TIMESTAMP WITH TIME ZONE NOT NULL, environment CHARACTER VARYING, "
                    + "tags CHARACTER LARGE OBJECT)");
        }
        insert(h2, "?");
        return h2;
    }

    private static void insert(Connection c, String json) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO agents (id, name, queueloc, mode, version, pid, "
                + "status, starttime, heartbeattime, destructiontime, environment, tags) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + json + ", " + json + ")")) {
            for (Agent a : TestAgents.ALL) {
                ps.setLong(1, a.id());
                ps.setString(2, a.name());
                ps.setString(3, a.queueLoc());
                ps.setString(4, a.mode());
                ps.setString(5, a.version());
                ps.setLong(6, a.pid());
                ps.setString(7, a.status());
                ps.setObject(8, a.startTime());
                ps.setObject(9, a.heartbeatTs());
                ps.setObject(10, a.destructionTime());
                ps.setString(11, MigJson.write(a.environment()));
                ps.setString(12, MigJson.write(a.tags()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @AfterAll
    void dropDatabases() throws SQLException {
        if (h2 != null) {
            h2.close();
        }
        if (h2PgMode != null) {
            h2PgMode.close();
        }
        if (pg != null) {
            pg.close();
        }
        try (Connection admin = DriverManager.getConnection(PG_ADMIN, "postgres", "");
             Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + pgName + " WITH (FORCE)");
        }
    }

    static List<Long> select(Connection c, SqlWhere w) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM agents WHERE (" + w.sql() + ") ORDER BY id")) {
            for (int k = 0; k < w.params().size(); k++) {
                ps.setObject(k + 1, w.params().get(k));
            }
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void postgresqlSelectsWhatThePredicateSelects(String target) throws SQLException {
        SqlWhere w = Target.parse(target).toSql(SqlDialect.POSTGRESQL, TestAgents.CLOCK);
        assertEquals(TestAgents.matching(target), select(pg, w), () -> target + " -> " + w);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void h2SelectsWhatThePredicateSelects(String target) throws SQLException {
        SqlWhere w = Target.parse(target).toSql(SqlDialect.H2, TestAgents.CLOCK);
        assertEquals(TestAgents.matching(target), select(h2, w), () -> target + " -> " + w);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void h2InPostgresqlModeSelectsWhatThePredicateSelects(String target) throws SQLException {
        SqlWhere w = Target.parse(target).toSql(SqlDialect.H2, TestAgents.CLOCK);
        assertEquals(TestAgents.matching(target), select(h2PgMode, w), () -> target + " -> " + w);
    }

    @Test
    void qualifiedSqlWorksInAJoin() throws SQLException {
        Target t = Target.parse("status='online' AND (environment->>'os'='linux' OR name ~* '^web') AND pid > 0");
        for (SqlDialect d : SqlDialect.values()) {
            Connection c = d == SqlDialect.POSTGRESQL ? pg : h2;
            SqlWhere w = t.toSql(d, TestAgents.CLOCK, "a");
            assertTrue(w.sql().contains("a.status") && w.sql().contains("a.environment"), w.sql());
            // b has every column of agents too, so an unqualified name would be ambiguous.
            try (PreparedStatement ps = c.prepareStatement("SELECT a.id FROM agents a JOIN agents b ON a.id = b.id "
                    + "WHERE " + w.sql() + " ORDER BY a.id")) {
                for (int k = 0; k < w.params().size(); k++) {
                    ps.setObject(k + 1, w.params().get(k));
                }
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                assertEquals(TestAgents.matching(t.toString()), ids, d.name());
            }
        }
    }

    @Test
    void targetsSelectSomethingAndNotEverything() {
        // Guards against a degenerate agent set that would make the comparisons above vacuous.
        long some = targets().map(TestAgents::matching).filter(l -> !l.isEmpty() && l.size() < TestAgents.ALL.size())
                .count();
        assertTrue(some >= 50, "targets with a partial selection: " + some);
    }

    @Test
    void h2JsonFunctionMatchesJsonbText() throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement("SELECT ?::jsonb->>?")) {
            String json = "{\"a\": [\"x\", 1, true, null, {\"bb\": 1, \"a\": \"q\\\"\"}], \"n\": 1.50, \"e\": 2.5e3, \"i\": -12345678901234567890, \"z\": null, \"s\": \"\u00e9\"}";
            for (String key : List.of("a", "n", "e", "i", "z", "s", "missing")) {
                ps.setString(1, json);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(rs.getString(1), H2JsonFunctions.text(json, key), key);
                }
            }
        }
    }
}
