package io.gator.persistence.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gator.core.agent.Agent;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceSettings;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.schema.SchemaInit;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An agent row's start time dates its process: kept while the PID stays, replaced when a new process beats. */
class AgentStartTimeTest {
    static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).minusHours(1);

    @Test
    void onPostgres() {
        try (TestDatabase tdb = TestDatabase.create(); Database db = Database.open(tdb.settings())) {
            SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
            startTimeFollowsTheProcess(db);
        }
    }

    @Test
    void onH2() {
        String url = "jdbc:h2:mem:start" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        try (Database db = Database.open(new PersistenceSettings(Dialect.H2, url, "sa", "", 2, 2, false, 500))) {
            SchemaInit.apply(db.dataSource(), Dialect.H2);
            startTimeFollowsTheProcess(db);
        }
    }

    void startTimeFollowsTheProcess(Database db) {
        AgentRepository repo = new AgentRepository(db, 10);
        repo.upsertHeartbeats(List.of(beat(100, T0)), T0);
        // agents report "now" as their start time in every heartbeat
        repo.upsertHeartbeats(List.of(beat(100, T0.plusMinutes(5))), T0.plusMinutes(5));
        Agent same = repo.findByQueueLoc("linux.q1").orElseThrow();
        assertEquals(T0.toInstant(), same.startTime().toInstant());
        assertEquals(T0.plusMinutes(5).toInstant(), same.heartbeatTs().toInstant());
        repo.upsertHeartbeats(List.of(beat(200, T0.plusMinutes(7))), T0.plusMinutes(7));
        Agent restarted = repo.findByQueueLoc("linux.q1").orElseThrow();
        assertEquals(200, restarted.pid());
        assertEquals(T0.plusMinutes(7).toInstant(), restarted.startTime().toInstant());
    }

    static Agent beat(long pid, OffsetDateTime at) {
        return Agent.of("host1", "linux.q1").withMode("daemon").withProcess("v1", pid).withTimes(at, at, at);
    }
}
