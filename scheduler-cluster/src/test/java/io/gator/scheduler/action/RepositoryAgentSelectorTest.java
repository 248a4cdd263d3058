package io.gator.scheduler.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.agent.Agent;
import io.gator.core.agent.AgentEnv;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceSettings;
import io.gator.persistence.agent.AgentRepository;
import io.gator.persistence.schema.SchemaInit;
import io.gator.persistence.TestDatabase;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The production selector: actors-core's target compiler over the agents table, on PostgreSQL and on H2. */
class RepositoryAgentSelectorTest {

    static List<Agent> fleet() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return List.of(agent("web1", "linux.web1", "linux", now), agent("web2", "linux.web2", "linux", now),
                agent("mac1", "darwin.mac1", "darwin", now));
    }

    static Agent agent(String name, String queue, String os, OffsetDateTime now) {
        return Agent.of(name, queue).withMode("daemon").withProcess("1.0", 42).withTimes(now, now, now)
                .withEnvironment(AgentEnv.of("systemd", "x", os, "amd64"));
    }

    static void check(Database db) throws Exception {
        AgentRepository repo = new AgentRepository(db, 100);
        repo.upsertHeartbeats(fleet(), OffsetDateTime.now(ZoneOffset.UTC));
        RepositoryAgentSelector sel = RepositoryAgentSelector.compiling(repo, db.dialect(), Clock.systemUTC(), Runnable::run);
        List<TargetAgent> linux = sel.select("status='online' AND environment->>'os'='linux'").toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertEquals(List.of("linux.web1", "linux.web2"), linux.stream().map(TargetAgent::queueLoc).sorted().toList());
        assertEquals(1, sel.select("name LIKE 'mac%'").toCompletableFuture().get(10, TimeUnit.SECONDS).size());

        for (String evil : List.of("status='online'; DROP TABLE agents", "status='online' -- x",
                "id IN (SELECT id FROM investigators)", "name = 'a' OR pg_sleep(5) IS NULL")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sel.validate(evil), evil);
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), evil);
            var failed = sel.select(evil).toCompletableFuture();
            assertThrows(Exception.class, () -> failed.get(10, TimeUnit.SECONDS), evil);
        }
        // late reach: the target restricted to the agents that just heartbeated, still parameterized
        List<TargetAgent> among = sel.selectAmong("status='online' AND environment->>'os'='linux'",
                List.of("linux.web2", "darwin.mac1", "x') OR ('1'='1")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(List.of("linux.web2"), among.stream().map(TargetAgent::queueLoc).toList());
        assertEquals(List.of(), sel.selectAmong("status='online'", List.of()).toCompletableFuture()
                .get(10, TimeUnit.SECONDS));
        try (var c = db.connection(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM agents")) {
            rs.next();
            assertEquals(3, rs.getInt(1), "the agents table is intact");
        }
    }

    @Test
    void targetsCompileToParameterizedSqlOnPostgresAndInjectionIsRefused() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(); Database db = Database.open(tdb.settings())) {
            SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
            check(db);
        }
    }

    @Test
    void targetsCompileForH2WithTheJsonFunctionSchemaInitDeclares() throws Exception {
        String url = "jdbc:h2:mem:selector" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        try (Database db = Database.open(new PersistenceSettings(Dialect.H2, url, "sa", "", 2, 2, false, 100))) {
            SchemaInit.apply(db.dataSource(), Dialect.H2);
            check(db);
        }
    }
}
