package io.gator.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.action.Action;
import io.gator.core.action.Counters;
import io.gator.core.agent.Agent;
import io.gator.core.agent.AgentEnv;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigJson;
import io.gator.persistence.action.ActionReadRepository;
import io.gator.persistence.action.ActionSearch;
import io.gator.persistence.action.CommandReadRepository;
import io.gator.persistence.action.CommandRow;
import io.gator.persistence.action.ReadModelWriter;
import io.gator.persistence.agent.AgentRepository;
import io.gator.persistence.investigator.InvestigatorRepository;
import io.gator.persistence.schema.SchemaInit;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schema and repositories against the real local PostgreSQL, in a throw-away database. */
class PersistencePostgresTest {
    static TestDatabase tdb;
    static Database db;

    @BeforeAll
    static void setUp() {
        tdb = TestDatabase.create();
        db = Database.open(tdb.settings());
        SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
    }

    @AfterAll
    static void tearDown() {
        db.close();
        tdb.close();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
    }

    static Agent agent(String name, String queue, String os, OffsetDateTime hb) {
        AgentEnv env = AgentEnv.of("systemd", "", os, "amd64").withAddresses(List.of("10.0.0.1"), "");
        return Agent.of(name, queue).withMode("daemon").withProcess("20260101-0.abc", 42)
                .withTimes(hb.minusHours(1), hb, hb).withEnvironment(env).withTags(Map.of("team", "ops"));
    }

    @Test
    void schemaAppliesTwiceWithoutError() throws Exception {
        SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
        try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN"
                        + " ('event_journal','event_tag','snapshot','durable_state','pekko_projection_offset_store',"
                        + "'pekko_projection_management','agents','actions','commands','investigators')")) {
            rs.next();
            assertEquals(10, rs.getInt(1));
        }
    }

    @Test
    void heartbeatsUpsertInBatchesByQueuelocKeepingFirstSeen() {
        AgentRepository repo = new AgentRepository(db, 100);
        OffsetDateTime t0 = now();
        List<Agent> beats = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            beats.add(agent("host" + i, "hb.q" + i, i % 2 == 0 ? "linux" : "darwin", t0));
        }
        assertEquals(250, repo.upsertHeartbeats(beats, t0));
        Agent first = repo.findByQueueLoc("hb.q7").orElseThrow();
        assertEquals("darwin", first.environment().os());
        assertEquals("ops", first.tags().get("team"));
        assertEquals("online", first.status());
        // second heartbeat of the same queue: one row, updated
        OffsetDateTime t1 = t0.plusSeconds(60);
        repo.upsertHeartbeats(List.of(agent("host7-renamed", "hb.q7", "linux", t1)), t1);
        Agent again = repo.findByQueueLoc("hb.q7").orElseThrow();
        assertEquals(first.id(), again.id());
        assertEquals("host7-renamed", again.name());
        assertEquals(t1.toInstant(), again.heartbeatTs().toInstant());
        assertEquals(1, repo.select("queueloc = ?", List.of("hb.q7")).size());
    }

    @Test
    void heartbeatTimesKeepMicrosecondsOffsetsAndMigZeroThroughTheArrayUpsert() {
        AgentRepository repo = new AgentRepository(db, 100);
        OffsetDateTime hb = OffsetDateTime.parse("2026-11-23T10:00:00.123456+02:00");
        OffsetDateTime start = OffsetDateTime.parse("2026-11-23T07:11:03.324090Z");
        Agent a = Agent.of("quote's \"name\"", "times.q1").withMode("daemon").withProcess("v", 1)
                .withLoaderName("loader").withTimes(start, hb, hb);
        repo.upsertHeartbeats(List.of(a), now());
        Agent back = repo.findByQueueLoc("times.q1").orElseThrow();
        assertEquals(hb.toInstant(), back.heartbeatTs().toInstant());
        assertEquals(start.toInstant(), back.startTime().toInstant());
        assertEquals(io.gator.core.json.MigTime.ZERO.toInstant(), back.destructionTime().toInstant());
        assertEquals("quote's \"name\"", back.name());
        assertEquals("loader", back.loaderName());
    }

    @Test
    void heartbeatWithoutQueuelocIsRefusedNamingTheAgent() {
        AgentRepository repo = new AgentRepository(db, 100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> repo.upsertHeartbeats(List.of(agent("noqueue", "", "linux", now())), now()));
        assertTrue(e.getMessage().contains("noqueue"));
    }

    @Test
    void statusesMoveByHeartbeatAgeAndTargetsSelectThroughParameters() {
        AgentRepository repo = new AgentRepository(db, 100);
        OffsetDateTime t = now();
        repo.upsertHeartbeats(List.of(agent("fresh", "st.fresh", "linux", t),
                agent("quiet", "st.quiet", "linux", t.minusMinutes(5)),
                agent("gone", "st.gone", "linux", t.minusMinutes(30))), t);
        repo.updateStatuses(t, Duration.ofMinutes(2), Duration.ofMinutes(20));
        assertEquals("online", repo.findByQueueLoc("st.fresh").orElseThrow().status());
        assertEquals("idle", repo.findByQueueLoc("st.quiet").orElseThrow().status());
        assertEquals("offline", repo.findByQueueLoc("st.gone").orElseThrow().status());
        List<Agent> linuxOnline = repo.select("queueloc LIKE ? AND status = ? AND environment->>'os' = ?",
                List.of("st.%", "online", "linux"));
        assertEquals(List.of("fresh"), linuxOnline.stream().map(Agent::name).toList());
        // an injection attempt stays a value
        assertTrue(repo.select("name = ?", List.of("x' OR '1'='1")).isEmpty());
    }

    @Test
    void investigatorsAreCreatedFoundAndUpdated() {
        InvestigatorRepository repo = new InvestigatorRepository(db);
        Investigator created = repo.create(new Investigator(0, "Bob", "ABCDEF0123456789ABCDEF0123456789ABCDEF01",
                "a2V5", "active", null, null, Permissions.INVESTIGATOR), Optional.of("hash1"));
        assertTrue(created.id() > 0);
        assertEquals(Permissions.INVESTIGATOR, created.permissions());
        assertEquals(created.id(), repo.findByFingerprint("abcdef0123456789abcdef0123456789abcdef01").orElseThrow().id());
        assertEquals(Optional.of("hash1"), repo.apiKeyHash(created.id()));
        assertTrue(repo.setStatus(created.id(), "disabled"));
        assertFalse(repo.active().stream().anyMatch(i -> i.id() == created.id()));
        assertTrue(repo.setPermissions(created.id(), Permissions.ALL));
        assertEquals(Permissions.ALL, repo.findById(created.id()).orElseThrow().permissions());
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> repo.create(created,
                Optional.empty()));
        assertTrue(dup.getMessage().contains(created.pgpFingerprint()));
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> repo.create(
                new Investigator(0, "Eve\0", "0BCDEF0123456789ABCDEF0123456789ABCDEF01", "a2V5", "active", null, null,
                        Permissions.INVESTIGATOR), Optional.empty()));
        assertTrue(nul.getMessage().contains("U+0000"));
        // a lookup with a NUL finds nothing instead of failing
        assertTrue(repo.findByFingerprint("AB\0").isEmpty());
    }

    @Test
    void readModelRowsAreWrittenAndSearched() throws Exception {
        readModelRoundTrip(db);
    }

    /** Shared with the H2 test: the projection's writes read back through the repositories. */
    static void readModelRoundTrip(Database db) throws Exception {
        ReadModelWriter w = new ReadModelWriter(db.dialect());
        OffsetDateTime t = now();
        Action a = Action.of(9001, "find passwd", "status='online'", t, t.plusHours(1), List.of())
                .withSignatures(List.of("sig"));
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            w.insertAction(c, 9001, a.name(), a.target(), "inflight", MigJson.write(a), t, t.plusHours(1), t);
            w.insertAction(c, 9001, a.name(), a.target(), "inflight", MigJson.write(a), t, t.plusHours(1), t);
            w.insertCommands(c, List.of(new ReadModelWriter.NewCommand(1, 9001, 11, "web1", "q.web1"),
                    new ReadModelWriter.NewCommand(2, 9001, 12, "web2", "q.web2")));
            w.markSent(c, List.of(1L, 2L), t);
            w.markFinished(c, List.of(new ReadModelWriter.Finished(1, "success", "[{\"foundanything\":true,"
                    + "\"success\":true,\"elements\":null,\"statistics\":null,\"errors\":null}]")), t);
            w.updateAction(c, 9001, "inflight", new Counters(2, 1, 1, 1, 0, 0, 0, 0), t, null, t);
            c.commit();
        }
        ActionReadRepository actions = new ActionReadRepository(db);
        Action read = actions.find(9001).orElseThrow();
        assertEquals("find passwd", read.name());
        assertEquals(new Counters(2, 1, 1, 1, 0, 0, 0, 0), read.counters());
        assertEquals(1, actions.search(ActionSearch.all().withActionName("find%").withStatus("inflight")).size());
        assertTrue(actions.search(ActionSearch.all().withStatus("completed")).isEmpty());
        assertEquals(1, actions.search(ActionSearch.all().withAgentName("web2")).size());

        CommandReadRepository commands = new CommandReadRepository(db);
        CommandRow c1 = commands.find(1).orElseThrow();
        assertEquals("success", c1.status());
        assertTrue(c1.results().get(0).foundAnything());
        assertEquals(Map.of("success", 1, "sent", 1), commands.countByStatus(9001));
        assertEquals(List.of(2L), commands.search(ActionSearch.all().withActionId(9001).withStatus("sent"))
                .stream().map(CommandRow::id).toList());
        nulIsStoredEscapedInTextAndJson(db, w, t);
        countersAreRecomputedFromCommandRowsAndPreparingTurnsInflightOnceAllAreSent(db, w, t);
    }

    /** The read model's counters and status follow the entity's rule: a command counts as sent once it left pending. */
    static void countersAreRecomputedFromCommandRowsAndPreparingTurnsInflightOnceAllAreSent(
            Database db, ReadModelWriter w, OffsetDateTime t) throws Exception {
        Action a = Action.of(9003, "recount", "status='online'", t, t.plusHours(1), List.of())
                .withSignatures(List.of("sig"));
        ActionReadRepository actions = new ActionReadRepository(db);
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            w.insertAction(c, 9003, a.name(), a.target(), "preparing", MigJson.write(a), t, t.plusHours(1), t);
            w.insertCommands(c, List.of(new ReadModelWriter.NewCommand(31, 9003, 11, "web1", "q.web1"),
                    new ReadModelWriter.NewCommand(32, 9003, 12, "web2", "q.web2"),
                    new ReadModelWriter.NewCommand(33, 9003, 13, "web3", "q.web3")));
            w.markSent(c, List.of(31L), t);
            assertEquals(new Counters(1, 0, 1, 0, 0, 0, 0, 0), w.recomputeCounters(c, 9003, t));
            c.commit();
            assertEquals("preparing", actions.find(9003).orElseThrow().status());
            // a result overtaking its confirm: the command counts as sent
            w.markFinished(c, List.of(new ReadModelWriter.Finished(32, "failed", "[]")), t);
            w.markSent(c, List.of(33L), t);
            assertEquals(new Counters(3, 1, 2, 0, 0, 0, 1, 0), w.recomputeCounters(c, 9003, t));
            c.commit();
            Action read = actions.find(9003).orElseThrow();
            assertEquals("inflight", read.status());
            assertEquals(new Counters(3, 1, 2, 0, 0, 0, 1, 0), read.counters());
            w.finishRemaining(c, 9003, "expired", t);
            w.setStatus(c, 9003, "expired", null, t, t);
            assertEquals(new Counters(3, 3, 0, 0, 0, 2, 1, 0), w.recomputeCounters(c, 9003, t));
            c.commit();
        }
        Action done = actions.find(9003).orElseThrow();
        assertEquals("expired", done.status());
        assertEquals(new Counters(3, 3, 0, 0, 0, 2, 1, 0), done.counters());
    }

    /** U+0000 in an action's text and in results: stored escaped on both databases, found by a search with it. */
    static void nulIsStoredEscapedInTextAndJson(Database db, ReadModelWriter w, OffsetDateTime t) throws Exception {
        Action a = Action.of(9002, "find\0passwd", "name='x\0'", t, t.plusHours(1), List.of())
                .withDescription(new io.gator.core.action.Description("eve\0", "", "", 0))
                .withSignatures(List.of("sig"));
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            w.insertAction(c, 9002, a.name(), a.target(), "inflight", MigJson.write(a), t, t.plusHours(1), t);
            w.insertCommands(c, List.of(new ReadModelWriter.NewCommand(3, 9002, 13, "web\0", "q.web3")));
            w.markFinished(c, List.of(new ReadModelWriter.Finished(3, "success", "[{\"foundanything\":true,"
                    + "\"success\":true,\"elements\":{\"k\\u0000\":[\"\\u0000\"]},\"statistics\":null,"
                    + "\"errors\":[\"e\\u0000\"]}]")), t);
            c.commit();
        }
        String esc = Sql.NUL_ESCAPED;
        Action read = new ActionReadRepository(db).find(9002).orElseThrow();
        assertEquals("find" + esc + "passwd", read.name());
        assertEquals("name='x" + esc + "'", read.target());
        assertEquals("eve" + esc, read.description().author());
        assertEquals(1, new ActionReadRepository(db).search(ActionSearch.all().withActionName("find\0%")).size());
        CommandRow row = new CommandReadRepository(db).find(3).orElseThrow();
        assertEquals("web" + esc, row.agentName());
        assertEquals(List.of("e" + esc), row.results().get(0).errors());
        assertEquals(esc, row.results().get(0).elements().get("k" + esc).get(0).asText());
    }

    @Test
    void dashboardCountsEndpointsVersionsAndDuplicateAgents() {
        // its own database: the other tests' agents would blur the counts
        try (TestDatabase own = TestDatabase.create(); Database d = Database.open(own.settings())) {
            SchemaInit.apply(d.dataSource(), Dialect.POSTGRES);
            AgentRepository repo = new AgentRepository(d, 100);
            OffsetDateTime t = now();
            Agent a1 = agent("web1", "dash.web1.a", "linux", t);
            Agent a2 = agent("web1", "dash.web1.b", "linux", t); // a second agent on the same endpoint
            Agent b = agent("db1", "dash.db1", "linux", t);
            Agent quiet = agent("mail1", "dash.mail1", "linux", t.minusMinutes(10));
            repo.upsertHeartbeats(List.of(a1, a2, b, quiet), t);
            repo.updateStatuses(t, Duration.ofMinutes(5), Duration.ofMinutes(20));
            AgentRepository.Dashboard dash = repo.dashboard(t.minusMinutes(1));
            assertEquals(3, dash.onlineAgents());
            assertEquals(2, dash.onlineEndpoints());
            assertEquals(1, dash.idleAgents());
            assertEquals(1, dash.idleEndpoints());
            assertEquals(Map.of("20260101-0.abc", 3), dash.onlineByVersion());
            assertEquals(4, dash.newSince());
            assertEquals(0, dash.disappearedSince());
            assertEquals(1, dash.endpointsWithSeveralAgents());
        }
    }
}
