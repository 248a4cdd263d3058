package io.gator.scheduler.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.action.Action;
import io.gator.core.agent.Agent;
import io.gator.core.json.MigJson;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import io.gator.core.sign.Signer;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.agent.AgentKillRepository;
import io.gator.persistence.agent.AgentRepository;
import io.gator.persistence.schema.SchemaInit;
import io.gator.scheduler.action.ActionEntity;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The duplicate agent pass on the real PostgreSQL, with the action entity replaced by a recorder. */
class DuplicateAgentKillerTest {
    static TestDatabase tdb;
    static Database db;
    static Signer signer;
    final Map<Long, String> created = new ConcurrentHashMap<>();
    final AtomicBoolean entityDown = new AtomicBoolean();
    final ActionCreator recorder = (id, json) -> {
        if (entityDown.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("sharding unavailable (test)"));
        }
        created.put(id, json);
        return CompletableFuture.completedFuture(new ActionEntity.Summary(id, "scheduled", io.gator.core.action.Counters.ZERO, 0));
    };

    @BeforeAll
    static void setUp() throws Exception {
        tdb = TestDatabase.create();
        db = Database.open(tdb.settings());
        SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
        signer = PgpSigner.of(KeyGen.ed25519("test scheduler"));
    }

    @AfterAll
    static void tearDown() {
        db.close();
        tdb.close();
    }

    @BeforeEach
    void clean() throws Exception {
        try (var c = db.connection(); var st = c.createStatement()) {
            st.execute("DELETE FROM agents");
            st.execute("DELETE FROM agent_kills");
        }
    }

    DuplicateAgentKiller killer(boolean kill) {
        AgentsSettings s = new AgentsSettings(true, kill, Duration.ofMinutes(30), Duration.ofHours(24),
                Duration.ofDays(7), Duration.ofMinutes(20), Duration.ofMinutes(1), Duration.ofDays(7));
        AgentRepository agents = new AgentRepository(db, 10);
        return new DuplicateAgentKiller(new AgentKillRepository(db, agents), () -> Optional.of(signer), recorder, s,
                Clock.systemUTC(), Executors.newFixedThreadPool(2));
    }

    /** A heartbeat as the intake stores one from the broker. */
    static void beat(String name, String queue, long pid, OffsetDateTime started, String mode) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        new AgentRepository(db, 10).upsertRelayedHeartbeats(List.of(Agent.of(name, queue).withMode(mode)
                .withProcess("v-" + pid, pid).withTimes(started, now, started)), now);
    }

    static DuplicateAgentKiller.Report pass(DuplicateAgentKiller k) throws Exception {
        return k.pass().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void detectionOnlyByDefaultIssuesNothing() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        beat("h1", "linux.h1a", 100, now.minusHours(2), "daemon");
        beat("h1", "linux.h1b", 200, now.minusHours(1), "daemon");
        DuplicateAgentKiller.Report r = pass(killer(false));
        assertEquals(1, r.endpoints());
        assertTrue(r.claimed().isEmpty() && created.isEmpty());
    }

    @Test
    void threeAgentsAreReducedOnePerPassOldestFirstEachOrderCarriedByTheNewest() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        beat("h3", "linux.h3b", 200, now.minusHours(2), "daemon");
        beat("h3", "linux.h3a", 100, now.minusHours(3), "daemon");
        beat("h3", "linux.h3c", 300, now.minusHours(1), "daemon");
        beat("h3", "linux.h3d", 400, now.minusMinutes(1), "checkin"); // checkin agents are not duplicates
        beat("solo", "linux.solo", 500, now.minusHours(5), "daemon");
        DuplicateAgentKiller k = killer(true);
        DuplicateAgentKiller.Report first = pass(k);
        assertEquals(1, first.claimed().size());
        assertEquals(first.claimed(), first.created());
        Action a1 = MigJson.read(created.get(first.claimed().get(0)), Action.class);
        assertEquals(100, a1.operations().get(0).parameters().get("pid").asLong());
        assertEquals("v-100", a1.operations().get(0).parameters().get("version").asText());
        assertEquals("queueloc='linux.h3c'", a1.target());
        assertEquals(1, a1.pgpSignatures().size());

        DuplicateAgentKiller.Report second = pass(k);
        assertEquals(1, second.claimed().size());
        Action a2 = MigJson.read(created.get(second.claimed().get(0)), Action.class);
        assertEquals(200, a2.operations().get(0).parameters().get("pid").asLong());
        assertEquals("queueloc='linux.h3c'", a2.target());

        DuplicateAgentKiller.Report third = pass(k);
        assertTrue(third.claimed().isEmpty(), "one agent left unclaimed: nothing more to do");
        assertEquals(2, created.size());
    }

    @Test
    void twoNodesRacingClaimOneOrderAndAFailedCreateIsRetriedNextPass() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        beat("h2", "linux.h2a", 100, now.minusHours(2), "daemon");
        beat("h2", "linux.h2b", 200, now.minusHours(1), "daemon");
        entityDown.set(true);
        var n1 = killer(true).pass().toCompletableFuture();
        var n2 = killer(true).pass().toCompletableFuture();
        int claimed = n1.get(30, TimeUnit.SECONDS).claimed().size() + n2.get(30, TimeUnit.SECONDS).claimed().size();
        assertEquals(1, claimed, "exactly one node claims the kill");
        assertTrue(created.isEmpty());
        AgentKillRepository kills = new AgentKillRepository(db, new AgentRepository(db, 10));
        assertEquals(1, kills.notCreated().size());

        entityDown.set(false);
        DuplicateAgentKiller.Report later = pass(killer(true));
        assertTrue(later.claimed().isEmpty(), "the same agent is never claimed twice");
        assertEquals(1, later.created().size(), "the claimed order is created once the entity answers");
        assertEquals(kills.all().get(0).actionJson(), created.get(later.created().get(0)), "byte for byte");
        assertTrue(kills.notCreated().isEmpty());
    }

    /** A heartbeat as POST /api/v1/heartbeat stores one: nobody authenticated it. */
    static void forged(String name, String queue, long pid, String version, OffsetDateTime started) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        new AgentRepository(db, 10).upsertHeartbeats(List.of(Agent.of(name, queue).withMode("daemon")
                .withProcess(version, pid).withTimes(started, now, started)), now);
    }

    @Test
    void aForgedHeartbeatWithARealAgentsNameAndAnOlderStartProducesNoKillOrder() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // a real agent, and a forged one beside it: its name, an older start, the pid of a process to hurt
        beat("web1", "linux.web1", 100, now.minusHours(1), "daemon");
        forged("web1", "linux.forged", 4242, "sshd", now.minusDays(3));
        // two real agents, the older one's own row then overwritten by a forged heartbeat
        beat("web2", "linux.web2a", 200, now.minusHours(2), "daemon");
        beat("web2", "linux.web2b", 300, now.minusHours(1), "daemon");
        forged("web2", "linux.web2a", 4243, "sshd", now.minusDays(3));
        DuplicateAgentKiller.Report r = pass(killer(true));
        assertTrue(r.claimed().isEmpty(), () -> "kill orders built from forged heartbeats: " + r);
        assertTrue(created.isEmpty());
        assertTrue(new AgentKillRepository(db, new AgentRepository(db, 10)).all().isEmpty());

        // once the agent heartbeats over the broker again, its row is trusted again and the duplicate is handled
        beat("web2", "linux.web2a", 200, now.minusHours(2), "daemon");
        DuplicateAgentKiller.Report after = pass(killer(true));
        assertEquals(1, after.claimed().size());
        Action a = MigJson.read(created.get(after.claimed().get(0)), Action.class);
        assertEquals(200, a.operations().get(0).parameters().get("pid").asLong());
    }
}
