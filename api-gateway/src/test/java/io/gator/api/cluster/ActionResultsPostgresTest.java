package io.gator.api.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.api.action.ActionChecks;
import io.gator.api.action.ParameterValidator;
import io.gator.api.auth.InvestigatorAuthenticator;
import io.gator.api.http.ApiServer;
import io.gator.api.http.ApiSettings;
import io.gator.api.testing.FakeSignatures;
import io.gator.api.testing.FakeTokens;
import io.gator.core.action.Action;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigJson;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceConfig;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.action.ReadModelWriter;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.Test;

/** GET /action/results on the production backend and the real PostgreSQL: command ID order, pages, old commands. */
class ActionResultsPostgresTest {
    private static final String FP = "33C8D4068CDF26758089E511F9BF5E2FBEC6D8C1";
    private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void pagesAllCommandsOfOneActionInIdOrderWhateverTheirAge() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(); Database db = Database.open(tdb.settings())) {
            SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
            Config config = PersistenceConfig.withPersistence(ConfigFactory.parseString(
                    "gator.persistence.url = \"" + tdb.url + "\"\npekko.actor.provider = local\ngator.api.port = 0")
                    .withFallback(ConfigFactory.load()));
            ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "action-results-test", config);
            try {
                new InvestigatorRepository(db).create(new Investigator(0, "alice", FP, "", "active", null, null,
                        Permissions.ALL), Optional.empty());
                ReadModelWriter w = new ReadModelWriter(Dialect.POSTGRES);
                try (Connection c = db.connection()) {
                    for (long id : List.of(7L, 8L)) {
                        Action a = Action.of(id, "hunt " + id, "all", NOW, NOW.plusHours(1), List.of());
                        w.insertAction(c, id, a.name(), a.target(), "inflight", MigJson.write(a), NOW,
                                NOW.plusHours(1), NOW);
                    }
                    // inserted out of ID order, and one for another action
                    w.insertCommands(c, List.of(new ReadModelWriter.NewCommand(73, 7, 3, "h3", "q3"),
                            new ReadModelWriter.NewCommand(71, 7, 1, "h1", "q1"),
                            new ReadModelWriter.NewCommand(80, 8, 1, "h1", "q1"),
                            new ReadModelWriter.NewCommand(72, 7, 2, "h2", "q2")));
                    w.markSent(c, List.of(71L, 72L, 73L, 80L), NOW);
                    // far outside MIG's default search window of 39,600 hours
                    try (PreparedStatement ps = c.prepareStatement("UPDATE commands SET starttime = ? WHERE id = 71")) {
                        ps.setObject(1, NOW.minusYears(10));
                        ps.executeUpdate();
                    }
                }
                ClusterBackend backend = new ClusterBackend(system, db, 500, Clock.systemUTC(), Duration.ofSeconds(5));
                ApiSettings settings = ApiSettings.fromConfig(config);
                FakeTokens tokens = new FakeTokens(Clock.systemUTC(), settings.tokenDuration());
                tokens.key(FP, "secret");
                ActionChecks checks = new ActionChecks(Clock.systemUTC(), settings.knownModules(),
                        ParameterValidator.ACCEPT_ALL, t -> Optional.empty(), new FakeSignatures());
                ServerBinding binding = new ApiServer(system, settings, backend,
                        new InvestigatorAuthenticator(backend, tokens), checks, Clock.systemUTC()).start()
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                try {
                    String base = "http://127.0.0.1:" + binding.localAddress().getPort() + "/api/v1/";
                    List<Long> ids = new ArrayList<>();
                    JsonNode first = get(base + "action/results?actionid=7&limit=2", 200);
                    first.at("/collection/items").forEach(i -> ids.add(i.at("/data/0/value/id").asLong()));
                    assertTrue(first.at("/collection/items/2/data/0/value/next").asText().endsWith("offset=2"));
                    JsonNode second = get(base + "action/results?actionid=7&limit=2&offset=2", 200);
                    second.at("/collection/items").forEach(i -> ids.add(i.at("/data/0/value/id").asLong()));
                    // each page ends with its pagination item (ID 0 here)
                    assertEquals(List.of(71L, 72L, 0L, 73L, 0L), ids);
                    assertEquals("h1", first.at("/collection/items/0/data/0/value/agent/name").asText());
                    get(base + "action/results?actionid=9", 404);
                    get(base + "action/results?actionid=7&limit=5000", 400);
                    HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(base + "action/results?actionid=7")).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(401, anonymous.statusCode());
                } finally {
                    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
            } finally {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            }
        }
    }

    private static JsonNode get(String url, int status) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("X-PGPAUTHORIZATION", FakeTokens.token(FP, "secret", Clock.systemUTC().instant(),
                        "n" + System.nanoTime())).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), r.body());
        return MigJson.tree(r.body());
    }
}
