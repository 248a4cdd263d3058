package io.gator.api.loader;

import io.gator.core.target.SqlDialect;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceSettings;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.schema.SchemaInit;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Compiled loader targets run against a loader row on PostgreSQL and H2 and select the same way. */
class LoaderStoreTargetsTest {
    static final Instant NOW = Instant.parse("2026-12-02T09:30:00Z");
    static final Map<String, Boolean> CASES = Map.ofEntries(
            Map.entry("env#>>'{os}'='linux'", true),
            Map.entry("env->>'os'='windows'", false),
            Map.entry("environment->>'arch' IN ('amd64', 'arm64')", true),
            Map.entry("tags->>'operator' = 'cap2' AND name = 'vm'", true),
            Map.entry("tags->>'missing' IS NULL", true),
            Map.entry("loadername LIKE 'cap2-%'", true),
            Map.entry("queueloc ~ '^linux\\.'", true),
            Map.entry("lastseen > NOW() - INTERVAL '1 hour'", true),
            Map.entry("lastseen < NOW() - INTERVAL '1 hour'", false),
            Map.entry("NOT (env->>'ident' LIKE 'Debian%')", false),
            Map.entry("env->>'addresses' LIKE '%192.0.2.2/24%'", true));

    @Test
    void targetsSelectTheSameLoaderOnPostgresAndH2() {
        try (TestDatabase tdb = TestDatabase.create(); Database pg = Database.open(tdb.settings())) {
            SchemaInit.apply(pg.dataSource(), Dialect.POSTGRES);
            check(pg, SqlDialect.POSTGRESQL);
        }
        String url = "jdbc:h2:mem:ltargets" + java.util.UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1";
        try (Database h2 = Database.open(new PersistenceSettings(Dialect.H2, url, "sa", "", 2, 2, false, 50))) {
            SchemaInit.apply(h2.dataSource(), Dialect.H2);
            check(h2, SqlDialect.H2);
        }
    }

    private static void check(Database db, SqlDialect dialect) {
        LoaderStore store = new LoaderStore(db);
        OffsetDateTime now = OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC);
        long id = store.addLoader("cap2-loader", "", LoaderKey.issue(), now).orElseThrow().id();
        store.recordSeen(id, LoaderReport.parse(LoaderTestKit.parameters("linux", "")), now.minusMinutes(5));
        LoaderTargets targets = new LoaderTargets(dialect, Clock.fixed(NOW, ZoneOffset.UTC));
        CASES.forEach((target, expected) -> assertEquals(expected, store.matches(id,
                targets.compile(target, "manifest target", "l")), dialect + ": " + target));
        var linux = targets.compile("env->>'os'='linux'", "manifest target", "l");
        assertEquals(0, store.enabledMatching(linux, 10).size(), "a disabled loader is not listed");
        store.setEnabled(id, true);
        assertEquals(1, store.enabledMatching(linux, 10).size());
    }
}
