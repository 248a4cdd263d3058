package io.gator.persistence.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceSettings;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.agent.AgentStatsRepository.AgentStats;
import io.gator.persistence.schema.SchemaInit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** MIG's dashboard counters over one fleet, on the real PostgreSQL and on H2 (embedded mode). */
class AgentStatsRepositoryTest {
    static final AgentStatsRepository.Windows MIG = new AgentStatsRepository.Windows(Duration.ofHours(24),
            Duration.ofDays(7), Duration.ofMinutes(20), Duration.ofMinutes(1));
    static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void countersOnPostgres() {
        try (TestDatabase tdb = TestDatabase.create(); Database db = Database.open(tdb.settings())) {
            SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
            countsEveryMigCounter(db);
        }
    }

    @Test
    void countersOnH2() {
        String url = "jdbc:h2:mem:stats" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        try (Database db = Database.open(new PersistenceSettings(Dialect.H2, url, "sa", "", 2, 2, false, 500))) {
            SchemaInit.apply(db.dataSource(), Dialect.H2);
            countsEveryMigCounter(db);
        }
    }

    void countsEveryMigCounter(Database db) {
        // host a: two online agents, both first seen today (new, 2+ agents, flapping)
        insert(db, "host-a", "q.a1", "v1", 101, "online", NOW.minusHours(1), NOW, NOW.minusHours(1));
        insert(db, "host-a", "q.a2", "v1", 102, "online", NOW.minusMinutes(10), NOW, NOW.minusMinutes(10));
        // host b: known for days, its agent process restarted 5 minutes ago (flapping)
        insert(db, "host-b", "q.b", "v1", 201, "online", NOW.minusMinutes(5), NOW, NOW.minusDays(3));
        // host c: only an idle agent
        insert(db, "host-c", "q.c", "v2", 301, "idle", NOW.minusDays(30), NOW.minusMinutes(8), NOW.minusDays(30));
        // host d: an idle and an online agent (not idle: it has an online agent; flapping: two live rows)
        insert(db, "host-d", "q.d1", "v2", 401, "idle", NOW.minusDays(30), NOW.minusMinutes(8), NOW.minusDays(30));
        insert(db, "host-d", "q.d2", "v2", 402, "online", NOW.minusDays(30), NOW, NOW.minusDays(30));
        // host e: gone offline two days ago (disappeared); host f: gone ten days ago (forgotten)
        insert(db, "host-e", "q.e", "v1", 501, "offline", NOW.minusDays(30), NOW.minusDays(2), NOW.minusDays(30));
        insert(db, "host-f", "q.f", "v1", 601, "offline", NOW.minusDays(30), NOW.minusDays(10), NOW.minusDays(30));
        // host g: started 30 s after its first sighting (clock skew within the margin, not a restart)
        insert(db, "host-g", "q.g", "v1", 701, "online", NOW.minusDays(2).plusSeconds(30), NOW, NOW.minusDays(2));

        AgentStatsRepository repo = new AgentStatsRepository(db);
        AgentStats s = repo.compute(NOW, MIG);
        assertEquals(5, s.onlineAgents());
        assertEquals(Map.of("v1", 4, "v2", 1), s.onlineAgentsByVersion());
        assertEquals(4, s.onlineEndpoints());
        assertEquals(1, s.idleAgents());
        assertEquals(Map.of("v2", 1), s.idleAgentsByVersion());
        assertEquals(1, s.idleEndpoints());
        assertEquals(1, s.newEndpoints(), "only host-a was first seen within 24h");
        assertEquals(1, s.multiAgentsEndpoints());
        assertEquals(1, s.disappearedEndpoints());
        assertEquals(3, s.flappingEndpoints(), "host-a and host-d (2 live agents), host-b (restart)");

        repo.store(s);
        AgentStats later = repo.compute(NOW.plusMinutes(1), MIG);
        repo.store(later);
        assertEquals(later, repo.latest().orElseThrow());
        assertEquals(1, repo.prune(NOW.plusSeconds(30)));
        assertEquals(later, repo.latest().orElseThrow());
        assertTrue(repo.prune(NOW.plusHours(1)) == 1 && repo.latest().isEmpty());
    }

    static void insert(Database db, String name, String queue, String version, int pid, String status,
                       OffsetDateTime start, OffsetDateTime heartbeat, OffsetDateTime firstSeen) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO agents (name, queueloc, mode, version, pid, status, starttime, heartbeattime, firstseen,"
                        + " lastseen) VALUES (?, ?, 'daemon', ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, queue);
            ps.setString(3, version);
            ps.setInt(4, pid);
            ps.setString(5, status);
            ps.setObject(6, start);
            ps.setObject(7, heartbeat);
            ps.setObject(8, firstSeen);
            ps.setObject(9, heartbeat);
            ps.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
