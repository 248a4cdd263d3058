package io.gator.api.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.api.action.ActionChecks;
import io.gator.api.action.ParameterValidator;
import io.gator.api.auth.InvestigatorAuthenticator;
import io.gator.api.backend.DashboardStats;
import io.gator.api.backend.SearchQuery;
import io.gator.api.backend.SearchResult;
import io.gator.api.backend.SearchType;
import io.gator.api.http.ApiServer;
import io.gator.api.http.ApiSettings;
import io.gator.api.testing.EnvelopeShape;
import io.gator.api.testing.FakeSignatures;
import io.gator.api.testing.FakeTokens;
import io.gator.core.action.Action;
import io.gator.core.action.Threat;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;
import io.gator.core.testing.Fixtures;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceConfig;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.action.ReadModelWriter;
import io.gator.persistence.agent.AgentStatsRepository;
import io.gator.persistence.investigator.InvestigatorRepository;
import io.gator.persistence.schema.SchemaInit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The production backend on the real PostgreSQL: MIG's dashboard counters and the threat family search filter. */
class ClusterBackendPostgresTest {
    static final String FP = "22C8D4068CDF26758089E511F9BF5E2FBEC6D8C1";
    static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    static TestDatabase tdb;
    static Database db;
    static ActorSystem<Void> system;
    static ClusterBackend backend;

    @BeforeAll
    static void setUp() throws Exception {
        tdb = TestDatabase.create();
        db = Database.open(tdb.settings());
        SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
        Config config = PersistenceConfig.withPersistence(ConfigFactory.parseString(
                "gator.persistence.url = \"" + tdb.url + "\"\npekko.actor.provider = local\ngator.api.port = 0")
                .withFallback(ConfigFactory.load()));
        system = ActorSystem.create(Behaviors.empty(), "cluster-backend-test", config);
        backend = new ClusterBackend(system, db, 500, Clock.systemUTC(), Duration.ofSeconds(5));
        // two agents on one host, one on another
        agent("host-a", "linux.a1", "v1", 11, "online");
        agent("host-a", "linux.a2", "v2", 12, "online");
        agent("host-b", "linux.b", "v1", 21, "online");
        agent("host-c", "linux.c", "v1", 31, "idle");
        action(101, "hunt apt", "APT");
        action(102, "hunt malware", "malware");
        action(103, "hunt more malware", "Malware-drop");
    }

    @AfterAll
    static void tearDown() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        db.close();
        tdb.close();
    }

    @Test
    void dashboardCountsBeforeAnyStatisticsPassThenShowsTheLatestPass() throws Exception {
        new AgentStatsRepository(db).prune(NOW.plusYears(1));
        DashboardStats live = backend.dashboard().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(3, live.onlineAgents());
        assertEquals(List.of(new DashboardStats.VersionCount("v1", 2), new DashboardStats.VersionCount("v2", 1)),
                live.onlineAgentsByVersion());
        assertEquals(2, live.onlineEndpoints());
        assertEquals(1, live.idleAgents());
        assertEquals(1, live.idleEndpoints());
        assertEquals(3, live.newEndpoints());
        assertEquals(1, live.multiAgentEndpoints());
        assertEquals(0, live.disappearedEndpoints());
        assertEquals(1, live.flappingEndpoints());
        assertEquals(3, live.latestActions().size());

        AgentStatsRepository stats = new AgentStatsRepository(db);
        stats.store(new AgentStatsRepository.AgentStats(NOW, 7, Map.of("v9", 7), 6, 5, Map.of("v8", 5), 4, 3, 2, 1, 9));
        DashboardStats stored = backend.dashboard().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(new DashboardStats(7, List.of(new DashboardStats.VersionCount("v9", 7)), 6, 5,
                List.of(new DashboardStats.VersionCount("v8", 5)), 4, 3, 2, 1, 9, live.latestActions()), stored);
    }

    @Test
    void dashboardOverHttpHasMigsShape() throws Exception {
        new InvestigatorRepository(db).findByFingerprint(FP).orElseGet(() -> new InvestigatorRepository(db).create(
                new Investigator(0, "alice", FP, "", "active", null, null, Permissions.ALL), Optional.empty()));
        Config config = system.settings().config();
        ApiSettings settings = ApiSettings.fromConfig(config);
        FakeTokens tokens = new FakeTokens(Clock.systemUTC(), settings.tokenDuration());
        tokens.key(FP, "secret");
        ActionChecks checks = new ActionChecks(Clock.systemUTC(), settings.knownModules(), ParameterValidator.ACCEPT_ALL,
                t -> Optional.empty(), new FakeSignatures());
        ServerBinding binding = new ApiServer(system, settings, backend, new InvestigatorAuthenticator(backend, tokens),
                checks, Clock.systemUTC()).start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + binding.localAddress().getPort() + "/api/v1/dashboard"))
                    .header("X-PGPAUTHORIZATION", FakeTokens.token(FP, "secret", Clock.systemUTC().instant(), "n1"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode gator = MigJson.tree(r.body());
            JsonNode mig = MigJson.tree(Fixtures.read("mig-wire/http/api-dashboard.json"));
            // the statistics item (the action items after it are pinned by the conformance test)
            var migStats = MigJson.mapper().createArrayNode().add(mig.path("collection").path("items").get(0));
            var gatorStats = MigJson.mapper().createArrayNode().add(gator.path("collection").path("items").get(0));
            List<String> d = EnvelopeShape.items(migStats, gatorStats);
            assertTrue(d.isEmpty(), String.join("\n", d) + "\n" + r.body());
            JsonNode stats = gator.path("collection").path("items").get(0).path("data");
            assertEquals("endpoints running 2 or more agents", stats.get(7).path("name").asText());
            assertEquals("flapping endpoints", stats.get(9).path("name").asText());

            // the scheduler's key, presented as the migscheduler investigator, is served to whoever needs it
            var key = io.gator.scheduler.key.SchedulerKey.ensure(db, new io.gator.scheduler.key.KeySettings(
                    "migscheduler", "migscheduler (test)", 2048), Clock.systemUTC());
            HttpResponse<String> pub = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + binding.localAddress().getPort() + "/api/v1/publickey/" + key.fingerprint()))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, pub.statusCode(), pub.body());
            assertEquals(key.armoredPublicKey(), pub.body());
        } finally {
            binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void threatFamilyFiltersActionAndCommandSearches() throws Exception {
        SearchQuery q = SearchQuery.defaults(SearchType.ACTION, NOW);
        List<Long> ids = ((SearchResult.Actions) backend.search(withFamily(q, "malware%")).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).items().stream().map(Action::id).sorted().toList();
        assertEquals(List.of(102L, 103L), ids, "ILIKE: 'malware' and 'Malware-drop'");
        assertEquals(3, ((SearchResult.Actions) backend.search(q).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .items().size(), "no filter: every action");
        SearchQuery cq = withFamily(SearchQuery.defaults(SearchType.COMMAND, NOW), "apt");
        var commands = ((SearchResult.Commands) backend.search(cq).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .items();
        assertEquals(List.of(101L), commands.stream().map(c -> c.action().id()).toList());
    }

    static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static String rejection(java.util.concurrent.CompletionStage<?> stage) {
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> get(stage));
        org.junit.jupiter.api.Assertions.assertInstanceOf(io.gator.api.backend.BackendRejectedException.class,
                e.getCause());
        return e.getCause().getMessage();
    }

    @Test
    void theLastActiveAdministratorCannotBeDisabledOrDemoted() throws Exception {
        InvestigatorRepository repo = new InvestigatorRepository(db);
        List<Investigator> othersActive = repo.active();
        Investigator one = repo.create(new Investigator(0, "adm1", "A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1", "",
                "active", null, null, Permissions.ALL), Optional.empty());
        Investigator two = repo.create(new Investigator(0, "adm2", "A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2A2", "",
                "active", null, null, Permissions.ALL), Optional.empty());
        othersActive.forEach(i -> repo.setStatus(i.id(), "disabled"));
        try {
            get(backend.updateInvestigator(new io.gator.api.backend.InvestigatorUpdate(two.id(), Optional.of("disabled"),
                    Optional.empty(), Optional.empty())));
            assertTrue(rejection(backend.updateInvestigator(new io.gator.api.backend.InvestigatorUpdate(one.id(),
                    Optional.of("disabled"), Optional.empty(), Optional.empty()))).contains("last active administrator"));
            assertTrue(rejection(backend.updateInvestigator(new io.gator.api.backend.InvestigatorUpdate(one.id(),
                    Optional.empty(), Optional.of(Permissions.INVESTIGATOR), Optional.empty())))
                    .contains("last active administrator"));
            assertEquals("active", repo.findById(one.id()).orElseThrow().status());
            assertEquals(Permissions.ALL, repo.findById(one.id()).orElseThrow().permissions());
            // a non-admin change to the last admin (a new API key) is fine
            get(backend.updateInvestigator(new io.gator.api.backend.InvestigatorUpdate(one.id(), Optional.of("active"),
                    Optional.of(Permissions.ALL), Optional.empty())));
        } finally {
            othersActive.forEach(i -> repo.setStatus(i.id(), "active"));
            repo.setStatus(one.id(), "disabled");
        }
    }

    @Test
    void apiKeysStoredWithALookupTagAndWithoutOneAreBothRead() throws Exception {
        InvestigatorRepository repo = new InvestigatorRepository(db);
        Investigator tagged = repo.create(new Investigator(0, "keyed", "B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1", "",
                "active", null, null, Permissions.INVESTIGATOR), Optional.empty());
        Investigator legacy = repo.create(new Investigator(0, "legacy", "B2B2B2B2B2B2B2B2B2B2B2B2B2B2B2B2B2B2B2B2", "",
                "active", null, null, Permissions.INVESTIGATOR), Optional.empty());
        io.gator.api.auth.ApiKeys.Generated g = io.gator.api.auth.ApiKeys.generate();
        get(backend.updateInvestigator(new io.gator.api.backend.InvestigatorUpdate(tagged.id(), Optional.empty(),
                Optional.empty(), Optional.of(new io.gator.api.backend.InvestigatorUpdate.ApiKeyChange.Set(g.hash(),
                        g.salt(), g.lookup())))));
        io.gator.api.auth.ApiKeys.Generated old = io.gator.api.auth.ApiKeys.generate();
        repo.setApiKeyHash(legacy.id(), java.util.Base64.getEncoder().encodeToString(old.salt()) + ":"
                + java.util.Base64.getEncoder().encodeToString(old.hash()));
        var creds = get(backend.apiKeyCredentials());
        var t = creds.stream().filter(c -> c.investigator().id() == tagged.id()).findFirst().orElseThrow();
        assertEquals(g.lookup(), t.lookup());
        assertTrue(io.gator.api.auth.ApiKeys.matches(g.key(), t.salt(), t.hash()));
        var l = creds.stream().filter(c -> c.investigator().id() == legacy.id()).findFirst().orElseThrow();
        assertEquals("", l.lookup());
        assertTrue(io.gator.api.auth.ApiKeys.matches(old.key(), l.salt(), l.hash()));
        var auth = new InvestigatorAuthenticator(backend, h -> { throw new io.gator.api.auth.AuthException("no"); });
        assertEquals("keyed", get(auth.authenticate(Optional.empty(), Optional.of(g.key()))).name());
        assertEquals("legacy", get(auth.authenticate(Optional.empty(), Optional.of(old.key()))).name());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!repo.apiKeyHash(legacy.id()).orElse("").startsWith(io.gator.api.auth.ApiKeys.lookup(old.key()) + ":")
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(repo.apiKeyHash(legacy.id()).orElse("").startsWith(io.gator.api.auth.ApiKeys.lookup(old.key()) + ":"),
                "the verified old key is stored with its lookup tag");
        assertEquals("legacy", get(auth.authenticate(Optional.empty(), Optional.of(old.key()))).name());
    }

    static SearchQuery withFamily(SearchQuery q, String family) {
        return new SearchQuery(q.type(), q.actionId(), q.commandId(), q.agentId(), q.investigatorId(), q.actionName(),
                q.agentName(), q.agentVersion(), q.investigatorName(), q.status(), family, q.after(), q.before(),
                q.foundAnything(), q.limit(), q.offset(), q.target());
    }

    static void agent(String name, String queue, String version, int pid, String status) throws Exception {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO agents (name, queueloc, mode, version, pid, status, starttime, heartbeattime, firstseen,"
                        + " lastseen) VALUES (?, ?, 'daemon', ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, queue);
            ps.setString(3, version);
            ps.setInt(4, pid);
            ps.setString(5, status);
            ps.setObject(6, NOW.minusHours(1));
            ps.setObject(7, status.equals("online") ? NOW : NOW.minusMinutes(8));
            ps.setObject(8, NOW.minusHours(1));
            ps.setObject(9, NOW);
            ps.executeUpdate();
        }
    }

    static void action(long id, String name, String family) throws Exception {
        Action a = Action.of(id, name, "status='online'", NOW, NOW.plusHours(1), List.of())
                .withThreat(new Threat("", "high", family, "test")).withTimes(NOW, MigTime.ZERO, NOW);
        ReadModelWriter w = new ReadModelWriter(Dialect.POSTGRES);
        try (Connection c = db.connection()) {
            w.insertAction(c, id, name, a.target(), "inflight", MigJson.write(a), NOW, NOW.plusHours(1), NOW);
            w.insertCommands(c, List.of(new ReadModelWriter.NewCommand(id * 10, id, 1, "host-a", "linux.a1")));
            w.markSent(c, List.of(id * 10), NOW);
        }
    }
}
