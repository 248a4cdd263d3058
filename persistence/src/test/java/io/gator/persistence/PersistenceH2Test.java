package io.gator.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.core.agent.Agent;
import io.gator.persistence.agent.AgentRepository;
import io.gator.persistence.schema.SchemaInit;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The same schema and the heartbeat upsert on H2 (embedded mode), and dialect selection by config. */
class PersistenceH2Test {

    @Test
    void schemaAppliesTwiceOnH2AndHeartbeatsUpsert() throws Exception {
        String url = "jdbc:h2:mem:gator" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        PersistenceSettings s = new PersistenceSettings(Dialect.H2, url, "sa", "", 2, 2, false, 50);
        try (Database db = Database.open(s)) {
            SchemaInit.apply(db.dataSource(), Dialect.H2);
            SchemaInit.apply(db.dataSource(), Dialect.H2);
            try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) IN"
                            + " ('event_journal','event_tag','snapshot','durable_state','pekko_projection_offset_store',"
                            + "'pekko_projection_management','agents','actions','commands','investigators')")) {
                rs.next();
                assertEquals(10, rs.getInt(1));
            }
            AgentRepository repo = new AgentRepository(db, 50);
            OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
            repo.upsertHeartbeats(List.of(PersistencePostgresTest.agent("a", "h2.a", "linux", t),
                    PersistencePostgresTest.agent("b", "h2.b", "linux", t)), t);
            repo.upsertHeartbeats(List.of(PersistencePostgresTest.agent("a2", "h2.a", "darwin", t.plusSeconds(5))),
                    t.plusSeconds(5));
            Agent a = repo.findByQueueLoc("h2.a").orElseThrow();
            assertEquals("a2", a.name());
            assertEquals("darwin", a.environment().os());
            assertEquals(2, repo.select("status = ?", List.of("online")).size());
            PersistencePostgresTest.readModelRoundTrip(db);
        }
    }

    @Test
    void dialectIsChosenByConfigOnly() {
        Config h2 = PersistenceConfig.withPersistence(ConfigFactory.parseString("gator.persistence.dialect = h2")
                .withFallback(ConfigFactory.load()));
        assertEquals("slick.jdbc.H2Profile$", h2.getString("pekko-persistence-jdbc.shared-databases.gator.profile"));
        assertTrue(h2.getString("pekko-persistence-jdbc.shared-databases.gator.db.url").startsWith("jdbc:h2:"));
        assertEquals("h2-dialect", h2.getString("pekko.projection.jdbc.dialect"));
        Config pg = PersistenceConfig.withPersistence(ConfigFactory.load());
        assertEquals("slick.jdbc.PostgresProfile$", pg.getString("pekko-persistence-jdbc.shared-databases.gator.profile"));
        assertTrue(pg.getString("pekko-persistence-jdbc.shared-databases.gator.db.url").contains("reWriteBatchedInserts=true"));
        assertEquals("jdbc-journal", pg.getString("pekko.persistence.journal.plugin"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PersistenceConfig
                .withPersistence(ConfigFactory.parseString("gator.persistence.dialect = mysql")
                        .withFallback(ConfigFactory.load())));
        assertTrue(e.getMessage().contains("mysql"));
    }
}
