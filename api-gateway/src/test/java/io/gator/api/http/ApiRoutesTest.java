package io.gator.api.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.api.backend.SearchQuery;
import io.gator.api.backend.SearchResult;
import io.gator.api.backend.SearchType;
import io.gator.api.testing.ApiHarness;
import io.gator.api.testing.ApiHarness.Answer;
import io.gator.api.testing.FakeTokens;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.agent.Agent;
import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;
import io.gator.core.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every endpoint over real HTTP: success, authentication, permissions, malformed input, limits. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiRoutesTest {
    static final Instant START = Instant.parse("2026-11-23T07:11:10Z");
    final ApiHarness api = new ApiHarness(START, "gator.api.body-limit = 64KiB\ngator.api.request-timeout = 3s");

    @AfterAll
    void stop() {
        api.close();
    }

    @BeforeEach
    void reset() {
        api.clock.set(START);
        api.backend.setAvailable(true);
    }

    OffsetDateTime now() {
        return OffsetDateTime.ofInstant(api.clock.instant(), ZoneOffset.UTC);
    }

    Action action(String target, String module, String signature) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.putObject("searches").putObject("s1").putArray("paths").add("/etc");
        return Action.of(0, "test action", target, now().minusMinutes(1), now().plusMinutes(10),
                List.of(new Operation(module, params))).withSignatures(List.of(signature));
    }

    String form(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    Answer create(String actionJson) {
        return api.postForm("/api/v1/action/create/", api.alice(), form("action", actionJson));
    }

    String okAction() {
        return MigJson.write(action("status='online'", "file", "fakesig:" + ApiHarness.ALICE_FP));
    }

    int storedActions() throws Exception {
        SearchResult r = api.backend.search(SearchQuery.defaults(SearchType.ACTION, now()))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        return r.size();
    }

    @Nested
    class Heartbeat {
        @Test
        void getAnswersGatorzSayHi() {
            Answer a = api.send(api.request("/api/v1/heartbeat").GET().build());
            assertEquals(200, a.status());
            assertEquals("gatorz say hi", a.value(0).asText());
            assertEquals("/api/v1/heartbeat", a.json().at("/collection/items/0/href").asText());
            assertEquals("no-cache", a.header("Cache-Control").orElse(""));
        }

        @Test
        void postOfMalformedJsonIs400WithReason() {
            Answer a = api.send(api.request("/api/v1/heartbeat").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": ")).build());
            assertEquals(400, a.status());
            assertTrue(a.json().get("error").asText().startsWith("Failed to decode request body: "), a.body());
        }

        @Test
        void postWithStartTimeOlderThanFiveMinutesIsExpired() {
            api.clock.advance(Duration.ofMinutes(6));
            Answer a = api.send(api.request("/api/v1/heartbeat").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            Fixtures.read("mig-wire/http/agent-heartbeat-post-body.json"))).build());
            assertEquals(400, a.status());
            assertEquals("Missing fields in request body: heartbeat expired", a.json().get("error").asText());
        }

        @Test
        void postWithBadModeIsRefused() {
            String body = Fixtures.read("mig-wire/http/agent-heartbeat-post-body.json").replace("\"daemon\"", "\"rogue\"");
            Answer a = api.send(api.request("/api/v1/heartbeat").POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertEquals(400, a.status());
            assertEquals("Missing fields in request body: agent reported an invalid mode", a.json().get("error").asText());
        }

        @Test
        void oversizedPostIs413InPlainJson() {
            String body = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}";
            Answer a = api.send(api.request("/api/v1/heartbeat").POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertEquals(413, a.status());
            assertTrue(a.json().get("error").asText().contains("larger than the limit of 65536 bytes"), a.body());
        }

        @Test
        void backendDownIs503WithRetryAfter() {
            api.backend.setAvailable(false);
            Answer a = api.send(api.request("/api/v1/heartbeat").POST(HttpRequest.BodyPublishers.ofString(
                    Fixtures.read("mig-wire/http/agent-heartbeat-post-body.json"))).build());
            assertEquals(503, a.status());
            assertEquals("5", a.header("Retry-After").orElse(""));
        }
    }

    @Nested
    class OpenEndpoints {
        @Test
        void ipIsThePeerAddressAsRawText() {
            Answer a = api.send(api.request("/api/v1/ip").GET().build());
            assertEquals(200, a.status());
            assertEquals("127.0.0.1", a.body());
        }

        @Test
        void publicKeyIsTheArmoredKeyOr404() {
            String armored = Fixtures.read("mig-wire/keys/bob.asc");
            Answer created = api.send(multipartCreate("bobkey", armored, api.alice()));
            assertEquals(201, created.status(), created.body());
            String fp = created.value(0).get("pgpfingerprint").asText();
            Answer a = api.send(api.request("/api/v1/publickey/" + fp).GET().build());
            assertEquals(200, a.status());
            assertEquals(armored, a.body());
            assertEquals(404, api.send(api.request("/api/v1/publickey/ABCDEF").GET().build()).status());
        }

        @Test
        void openApiDocumentListsEveryEndpoint() {
            Answer a = api.send(api.request("/api/v1/openapi.json").GET().build());
            assertEquals(200, a.status());
            JsonNode doc = a.json();
            assertEquals("3.0.3", doc.get("openapi").asText());
            for (String p : List.of("/heartbeat", "/ip", "/publickey/{fingerprint}", "/dashboard", "/search", "/action",
                    "/action/create/", "/action/cancel/", "/action/events", "/action/results", "/action/stream", "/command", "/agent", "/investigator",
                    "/investigator/create/", "/investigator/update/", "/loader", "/loader/new/", "/loader/status/",
                    "/loader/expect/", "/loader/key/", "/manifest", "/manifest/new/", "/manifest/sign/",
                    "/manifest/status/", "/manifest/loaders/", "/manifest/agent/", "/manifest/fetch/")) {
                assertTrue(doc.path("paths").has(p), "missing " + p);
            }
            assertEquals("http://localhost:4444/api/v1", doc.at("/servers/0/url").asText());
        }

        @Test
        void unknownEndpointIs404AndWrongMethodIs405InTheEnvelope() {
            Answer a = api.get("/api/v1/nothing");
            assertEquals(404, a.status());
            assertTrue(a.errorMessage().startsWith("no such endpoint"), a.body());
            Answer b = api.send(api.request("/api/v1/action/create/").GET().build());
            assertEquals(405, b.status());
            assertFalse(a.json().at("/collection/error/code").asText().isEmpty());
        }

        @Test
        void createWithoutTrailingSlashIsNotAnEndpoint() {
            assertEquals(404, api.postForm("/api/v1/action/create", api.alice(), form("action", okAction())).status());
        }
    }

    @Nested
    class Authentication {
        @Test
        void missingHeaderIs401() {
            Answer a = api.send(api.request("/api/v1/dashboard").GET().build());
            assertEquals(401, a.status());
            assertEquals("Valid authentication header not found", a.errorMessage());
            Answer b = api.send(api.request("/api/v1/action?bogus=1").GET().build());
            assertEquals(401, b.status(), "authentication comes before looking at the parameters");
        }

        @Test
        void expiredTokenIs401() {
            String old = FakeTokens.token(ApiHarness.ALICE_FP, "alice-secret", START.minus(Duration.ofMinutes(11)), "77");
            Answer a = api.send(api.request("/api/v1/dashboard").header("X-PGPAUTHORIZATION", old).GET().build());
            assertEquals(401, a.status());
            assertTrue(a.errorMessage().startsWith("Authorization verification failed with error '"), a.body());
            assertTrue(a.errorMessage().contains("outside the 10 minute window"), a.body());
        }

        @Test
        void replayedTokenIs401() {
            String t = api.alice();
            assertEquals(200, api.send(api.request("/api/v1/dashboard").header("X-PGPAUTHORIZATION", t).GET().build()).status());
            Answer again = api.send(api.request("/api/v1/dashboard").header("X-PGPAUTHORIZATION", t).GET().build());
            assertEquals(401, again.status());
            assertTrue(again.errorMessage().contains("already used"), again.body());
        }

        @Test
        void forgedTokenIs401() {
            String forged = FakeTokens.token(ApiHarness.ALICE_FP, "guessed-secret", START, "78");
            Answer a = api.send(api.request("/api/v1/dashboard").header("X-PGPAUTHORIZATION", forged).GET().build());
            assertEquals(401, a.status());
            assertTrue(a.errorMessage().contains("does not verify"), a.body());
        }

        @Test
        void disabledInvestigatorIs401() {
            Answer a = api.send(api.request("/api/v1/dashboard")
                    .header("X-PGPAUTHORIZATION", api.token(ApiHarness.DISABLED_FP)).GET().build());
            assertEquals(401, a.status());
            assertTrue(a.errorMessage().contains("mallory is disabled"), a.body());
        }

        @Test
        void missingPermissionIs401OnEveryProtectedRoute() {
            for (String path : List.of("/api/v1/dashboard", "/api/v1/action?actionid=1", "/api/v1/command?commandid=1",
                    "/api/v1/agent?agentid=1", "/api/v1/investigator?investigatorid=1", "/api/v1/action/events?actionid=1")) {
                Answer a = api.send(api.request(path).header("X-PGPAUTHORIZATION", api.token(ApiHarness.READER_FP))
                        .GET().build());
                assertEquals(401, a.status(), path);
                assertEquals("Insufficient permissions to access endpoint", a.errorMessage(), path);
            }
            for (String path : List.of("/api/v1/action/create/", "/api/v1/action/cancel/", "/api/v1/investigator/update/")) {
                Answer a = api.postForm(path, api.token(ApiHarness.READER_FP), form("action", okAction()));
                assertEquals(401, a.status(), path);
                assertEquals("Insufficient permissions to access endpoint", a.errorMessage(), path);
            }
            assertEquals(401, api.send(multipartCreate("eve", Fixtures.read("mig-wire/keys/bob.asc"),
                    api.token(ApiHarness.READER_FP))).status());
        }

        @Test
        void readerMaySearchWithItsOwnPermission() {
            Answer a = api.send(api.request("/api/v1/search?type=investigator")
                    .header("X-PGPAUTHORIZATION", api.token(ApiHarness.READER_FP)).GET().build());
            assertEquals(200, a.status(), a.body());
        }

        @Test
        void apiKeyIssuedByUpdateAuthenticatesUntilDisabled() {
            Answer created = api.send(multipartCreate("keyuser", Fixtures.read("mig-wire/keys/bob.asc"), api.alice()));
            long id = created.value(0).get("id").asLong();
            Answer upd = api.postForm("/api/v1/investigator/update/", api.alice(), "id=" + id + "&apikey=active");
            assertEquals(200, upd.status(), upd.body());
            String key = upd.value(0).get("apikey").asText();
            assertEquals(32, key.length());
            Answer withKey = api.send(api.request("/api/v1/dashboard").header("X-MIGAPIKEY", key).GET().build());
            assertEquals(200, withKey.status(), withKey.body());
            Answer tokenWins = api.send(api.request("/api/v1/dashboard").header("X-MIGAPIKEY", key)
                    .header("X-PGPAUTHORIZATION", "1;2026-11-23T07:11:10Z;1;forged").GET().build());
            assertEquals(401, tokenWins.status(), "with both headers the token is what counts, as in MIG");
            String wrong = (key.charAt(0) == 'a' ? "b" : "a") + key.substring(1);
            assertEquals(401, api.send(api.request("/api/v1/dashboard").header("X-MIGAPIKEY", wrong).GET().build()).status());
            api.postForm("/api/v1/investigator/update/", api.alice(), "id=" + id + "&apikey=disabled");
            Answer after = api.send(api.request("/api/v1/dashboard").header("X-MIGAPIKEY", key).GET().build());
            assertEquals(401, after.status());
            assertTrue(after.errorMessage().contains("API key not recognized"), after.body());
        }

        @Test
        void accessLogNamesTheInvestigator() {
            Logger access = (Logger) LoggerFactory.getLogger("gator.api.access");
            ListAppender<ILoggingEvent> list = new ListAppender<>();
            list.start();
            access.addAppender(list);
            try {
                api.get("/api/v1/dashboard");
                api.send(api.request("/api/v1/dashboard").GET().build());
                List<String> lines = list.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
                assertTrue(lines.stream().anyMatch(l -> l.matches("GET /api/v1/dashboard 200 \\d+ms investigator=alice")), lines.toString());
                assertTrue(lines.stream().anyMatch(l -> l.matches("GET /api/v1/dashboard 401 \\d+ms investigator=-")), lines.toString());
            } finally {
                access.detachAppender(list);
            }
        }
    }

    @Nested
    class Reads {
        @Test
        void dashboardHasTheTenStatisticsFirst() {
            Answer a = api.get("/api/v1/dashboard");
            assertEquals(200, a.status());
            JsonNode data = a.json().at("/collection/items/0/data");
            assertEquals(10, data.size());
            assertEquals("online agents", data.get(0).get("name").asText());
            assertEquals("flapping endpoints", data.get(9).get("name").asText());
        }

        @Test
        void actionByIdNotFoundAndBadIds() {
            Answer stored = create(okAction());
            long id = stored.value(0).get("id").asLong();
            Answer a = api.get("/api/v1/action?actionid=" + id);
            assertEquals(200, a.status());
            assertEquals(id, a.value(0).get("id").asLong());
            assertEquals("alice", a.value(0).at("/investigators/0/name").asText());
            Answer missing = api.get("/api/v1/action?actionid=999");
            assertEquals(404, missing.status());
            assertEquals("Action ID '999' not found", missing.errorMessage());
            assertEquals(400, api.get("/api/v1/action?actionid=abc").status());
            assertEquals(400, api.get("/api/v1/action?actionid=0").status());
            assertEquals(400, api.get("/api/v1/action?actionid=-5").status());
            Answer none = api.get("/api/v1/action");
            assertEquals(400, none.status());
            assertEquals("missing query parameter 'actionid'", none.errorMessage());
        }

        @Test
        void unknownQueryParameterIs400() {
            Answer a = api.get("/api/v1/action?actionid=1&verbose=1");
            assertEquals(400, a.status());
            assertTrue(a.errorMessage().startsWith("unknown query parameter 'verbose'"), a.body());
            assertEquals(400, api.get("/api/v1/search?type=agent&colour=red").status());
        }

        @Test
        void commandAgentAndInvestigatorById() {
            Agent agent = Agent.of("host1", "linux.q1").withId(501).withMode("daemon").withProcess("1.0", 42)
                    .withTimes(now(), now(), MigTime.ZERO).withStatus("online").withTags(Map.of("env", "test"));
            api.backend.put(agent);
            Action a = action("status='online'", "file", "x").withId(600);
            api.backend.put(a);
            api.backend.put(new Command(700, a, agent, "success", List.of(), now(), now()));
            Answer c = api.get("/api/v1/command?commandid=700");
            assertEquals(200, c.status(), c.body());
            assertEquals("action", c.json().at("/collection/items/0/links/0/rel").asText());
            assertTrue(c.json().at("/collection/items/0/links/0/href").asText().endsWith("/action?actionid=600"));
            Answer ag = api.get("/api/v1/agent?agentid=501");
            assertEquals("host1", ag.value(0).get("name").asText());
            assertEquals(404, api.get("/api/v1/agent?agentid=502").status());
            assertEquals(404, api.get("/api/v1/command?commandid=701").status());
            Answer inv = api.get("/api/v1/investigator?investigatorid=2");
            assertEquals("alice", inv.value(0).get("name").asText());
            assertEquals("investigator history", inv.json().at("/collection/items/0/links/0/rel").asText());
        }

        @Test
        void searchAgentsByTargetCommandsWithNoResultAndBadParameters() {
            api.backend.put(Agent.of("web1", "linux.w1").withId(801).withMode("daemon").withProcess("2.0", 7)
                    .withTimes(now(), now(), MigTime.ZERO).withStatus("online"));
            Answer byTarget = api.get("/api/v1/search?type=agent&limit=1000000&target=" +
                    URLEncoder.encode("status='online' AND name='web1'", StandardCharsets.UTF_8));
            assertEquals(200, byTarget.status(), byTarget.body());
            JsonNode items = byTarget.json().at("/collection/items");
            assertEquals(2, items.size());
            assertEquals("web1", items.get(0).at("/data/0/value/name").asText());
            assertEquals("search parameters", items.get(1).at("/data/0/name").asText());

            Answer none = api.get("/api/v1/search?type=command&limit=37&offset=0&actionid=12345&status=cancelled");
            assertEquals(404, none.status());
            assertEquals("no results found", none.errorMessage());
            assertEquals("12345", none.value(0).get("actionid").asText());

            Answer bad = api.get("/api/v1/search?type=bogus");
            assertEquals(400, bad.status());
            assertEquals("search type is invalid", bad.errorMessage());
            assertEquals("bogus", bad.value(0).get("type").asText());
            assertEquals(400, api.get("/api/v1/search?type=action&limit=many").status());
            assertEquals(400, api.get("/api/v1/search?type=command&foundanything=maybe").status());
            assertEquals(400, api.get("/api/v1/search?type=action&after=yesterday").status());
            assertEquals(400, api.get("/api/v1/search?type=action&actionid=x1").status());
        }

        @Test
        void actionResultsArePagedInCommandOrderWithBadInputRefused() {
            Action a = action("status='online'", "file", "x").withId(610);
            api.backend.put(a);
            for (int i = 0; i < 3; i++) {
                Agent agent = Agent.of("res" + i, "linux.r" + i).withId(520 + i).withMode("daemon")
                        .withProcess("1.0", 42).withTimes(now(), now(), MigTime.ZERO).withStatus("online");
                api.backend.put(agent);
                // this fake backend orders by start time, newest first; Gator's reads order by command ID
                api.backend.put(new Command(712 - i, a, agent, "success", List.of(), now().minusSeconds(2 - i),
                        now()));
            }
            Answer first = api.get("/api/v1/action/results?actionid=610&limit=2");
            assertEquals(200, first.status(), first.body());
            JsonNode items = first.json().at("/collection/items");
            assertEquals(3, items.size());
            assertEquals(710, items.get(0).at("/data/0/value/id").asLong());
            assertEquals(711, items.get(1).at("/data/0/value/id").asLong());
            assertEquals("pagination", items.get(2).at("/data/0/name").asText());
            String next = items.get(2).at("/data/0/value/next").asText();
            assertTrue(next.endsWith("/action/results?actionid=610&limit=2&offset=2"), next);
            JsonNode last = api.get("/api/v1/action/results?actionid=610&limit=2&offset=2").json()
                    .at("/collection/items");
            assertEquals(2, last.size());
            assertEquals(712, last.get(0).at("/data/0/value/id").asLong());
            assertTrue(last.get(1).at("/data/0/value").path("next").isMissingNode());
            JsonNode beyond = api.get("/api/v1/action/results?actionid=610&offset=9").json().at("/collection/items");
            assertEquals(1, beyond.size());
            assertEquals(0, beyond.get(0).at("/data/0/value/count").asInt());
            assertEquals(404, api.get("/api/v1/action/results?actionid=611").status());
            for (String bad : List.of("actionid=x", "actionid=-1", "actionid=610&limit=1001", "actionid=610&limit=-1",
                    "actionid=610&limit=ten", "actionid=610&offset=-3", "actionid=610&colour=red", "")) {
                assertEquals(400, api.get("/api/v1/action/results?" + bad).status(), bad);
            }
        }

        @Test
        void actionStreamIs404WhereTheBackendCannotFollowAnd400ForABadActionId() {
            Answer none = api.get("/api/v1/action/stream?actionid=610");
            assertEquals(404, none.status(), none.body());
            assertTrue(none.errorMessage().contains("not available"), none.body());
            for (String bad : List.of("actionid=x", "actionid=-1", "actionid=610&colour=red", "")) {
                assertEquals(400, api.get("/api/v1/action/stream?" + bad).status(), bad);
            }
        }

        @Test
        void searchWithOffsetAddsPagination() {
            for (int i = 0; i < 3; i++) {
                create(okAction());
            }
            Answer page = api.get("/api/v1/search?type=action&limit=1&offset=1");
            assertEquals(200, page.status(), page.body());
            JsonNode items = page.json().at("/collection/items");
            assertEquals(3, items.size());
            assertEquals("pagination", items.get(1).at("/data/0/name").asText());
            assertTrue(items.get(1).at("/data/0/value/next").asText().contains("offset=2"));
        }
    }

    @Nested
    class ActionWrites {
        @Test
        void createAnswers202WithTheStoredAction() {
            Answer a = create(okAction());
            assertEquals(202, a.status(), a.body());
            long id = a.value(0).get("id").asLong();
            assertTrue(id > 0);
            assertEquals("action ID " + id, a.json().at("/collection/items/0/data/0/name").asText());
            assertTrue(a.json().at("/collection/items/0/href").asText().endsWith("/api/v1/action?actionid=" + id));
            assertEquals("http://localhost:4444/api/v1/action/create/", a.json().at("/collection/href").asText());
        }

        @Test
        void theLateReachFormFieldReachesTheBackendAndIsOffByDefault() throws Exception {
            Answer on = api.postForm("/api/v1/action/create/", api.alice(),
                    form("action", okAction()) + "&" + form("latereach", "true"));
            assertEquals(202, on.status(), on.body());
            Answer off = create(okAction());
            assertEquals(202, off.status(), off.body());
            assertEquals(java.util.Set.of(on.value(0).get("id").asLong()), api.backend.lateReach);
            int before = storedActions();
            Answer bad = api.postForm("/api/v1/action/create/", api.alice(),
                    form("action", okAction()) + "&" + form("latereach", "sometimes"));
            assertEquals(400, bad.status(), bad.body());
            assertEquals("form field 'latereach' must be true or false", bad.errorMessage());
            assertEquals(before, storedActions());
        }

        void refused(String actionJson, String expectedMessage) throws Exception {
            int before = storedActions();
            Answer a = create(actionJson);
            assertEquals(400, a.status(), a.body());
            assertEquals(expectedMessage, a.errorMessage());
            assertEquals(before, storedActions(), "nothing stored for a refused action");
        }

        @Test
        void malformedJsonIsRefused() throws Exception {
            int before = storedActions();
            Answer a = create("{\"name\": \"x\", ");
            assertEquals(400, a.status());
            assertTrue(a.errorMessage().startsWith("malformed action JSON: "), a.body());
            assertEquals(before, storedActions());
            Answer wrongType = create("{\"name\": 5, \"operations\": \"not a list\"}");
            assertEquals(400, wrongType.status());
            assertTrue(wrongType.errorMessage().startsWith("malformed action JSON: "), wrongType.body());
        }

        @Test
        void emptyTargetIsRefusedWithMigsMessage() throws Exception {
            refused(MigJson.write(action("", "file", "fakesig:" + ApiHarness.ALICE_FP)), "action target is empty");
        }

        @Test
        void wrongSyntaxVersionIsRefused() throws Exception {
            ObjectNode tree = (ObjectNode) MigJson.tree(okAction());
            tree.put("syntaxversion", 1);
            refused(tree.toString(), "action syntaxversion is 1, only 2 is supported");
        }

        @Test
        void expiredActionIsRefused() throws Exception {
            Action a = action("status='online'", "file", "fakesig:" + ApiHarness.ALICE_FP);
            api.clock.advance(Duration.ofMinutes(30));
            Answer r = create(MigJson.write(a));
            assertEquals(400, r.status());
            assertTrue(r.errorMessage().startsWith("action expired at "), r.body());
        }

        @Test
        void unknownModuleIsRefused() throws Exception {
            Answer r = create(MigJson.write(action("status='online'", "rootkit", "fakesig:" + ApiHarness.ALICE_FP)));
            assertEquals(400, r.status());
            assertTrue(r.errorMessage().startsWith("operation 0: unknown module 'rootkit' (known: agentdestroy, audit"), r.body());
        }

        @Test
        void invalidTargetIsRefused() throws Exception {
            refused(MigJson.write(action("x'; DROP TABLE agents", "file", "fakesig:" + ApiHarness.ALICE_FP)),
                    "invalid target 'x'; DROP TABLE agents': statement not allowed");
        }

        @Test
        void badSignatureAndInactiveSignerAreRefused() throws Exception {
            refused(MigJson.write(action("status='online'", "file", "wsBcBAABCAAQ-garbage")),
                    "signature 0 is not a valid signature of this action");
            refused(MigJson.write(action("status='online'", "file", "fakesig:" + ApiHarness.DISABLED_FP)),
                    "signature 0 is by " + ApiHarness.DISABLED_FP + ", which is not the key of an active investigator");
        }

        @Test
        void aSinkNamingAPathIsRefusedBeforeTheActionIsCreated() throws Exception {
            int before = storedActions();
            Answer r = api.postForm("/api/v1/action/create/", api.alice(), form("action", okAction()) + "&"
                    + form("sinks", "jsonl:../../etc/cron.d/x"));
            assertEquals(400, r.status(), r.body());
            assertTrue(r.errorMessage().contains("plain file name"), r.errorMessage());
            assertEquals(before, storedActions());
        }

        @Test
        void missingFormFieldIsRefused() {
            Answer r = api.postForm("/api/v1/action/create/", api.alice(), "other=1");
            assertEquals(400, r.status());
            assertEquals("missing form field 'action' (the signed action JSON)", r.errorMessage());
        }

        @Test
        void oversizedBodyIs413() throws Exception {
            int before = storedActions();
            String big = MigJson.write(action("status='online'", "file", "fakesig:" + ApiHarness.ALICE_FP)
                    .withSignatures(List.of("fakesig:" + ApiHarness.ALICE_FP, "p".repeat(80 * 1024))));
            Answer r = create(big);
            assertEquals(413, r.status(), r.body());
            assertEquals("request body is larger than the limit of 65536 bytes (gator.api.body-limit)", r.errorMessage());
            assertEquals(before, storedActions());
        }

        @Test
        void backendDownIs503WithRetryAfter() {
            api.backend.setAvailable(false);
            Answer r = create(okAction());
            assertEquals(503, r.status());
            assertEquals("5", r.header("Retry-After").orElse(""));
            assertTrue(r.errorMessage().contains("retry later"), r.body());
        }

        @Test
        void cancelThenEventsInJournalOrder() {
            long id = create(okAction()).value(0).get("id").asLong();
            Answer c = api.postForm("/api/v1/action/cancel/", api.alice(), "actionid=" + id);
            assertEquals(200, c.status(), c.body());
            assertEquals("cancelled", c.value(0).get("status").asText());
            Answer again = api.postForm("/api/v1/action/cancel/", api.alice(), "actionid=" + id);
            assertEquals(400, again.status());
            assertEquals("action " + id + " is already cancelled", again.errorMessage());
            assertEquals(404, api.postForm("/api/v1/action/cancel/", api.alice(), "actionid=999").status());
            assertEquals(400, api.postForm("/api/v1/action/cancel/", api.alice(), "actionid=zero").status());
            Answer ev = api.get("/api/v1/action/events?actionid=" + id);
            assertEquals(200, ev.status(), ev.body());
            JsonNode items = ev.json().at("/collection/items");
            assertEquals(2, items.size());
            assertEquals("ActionCreated", items.get(0).at("/data/0/value/type").asText());
            assertEquals(1, items.get(0).at("/data/0/value/sequencenr").asLong());
            assertEquals("ActionCancelled", items.get(1).at("/data/0/value/type").asText());
            assertEquals("alice", items.get(1).at("/data/0/value/event/by").asText());
            assertEquals(404, api.get("/api/v1/action/events?actionid=999").status());
        }
    }

    static final String BOB_FP = "2D615F2215436D957D0D065186B59376F65A08DC";

    /** Investigator create with bob's key, after forgetting whoever held it in an earlier test. */
    HttpRequest multipartCreate(String name, String armored, String token) {
        api.backend.forgetInvestigator(BOB_FP);
        String boundary = "gatorboundary42";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"permissions\"\r\n\r\n"
                + "{\"search\":true,\"action\":true,\"action_create\":true,\"command\":true,\"agent\":true,\"dashboard\":true}\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"publickey\"; filename=\"key.asc\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + armored + "\r\n--" + boundary + "--\r\n";
        return api.request("/api/v1/investigator/create/").header("X-PGPAUTHORIZATION", token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    HttpRequest multipartCreateKeepingOthers(String name, String armored) {
        String boundary = "b2";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"publickey\"; filename=\"k.asc\"\r\n\r\n"
                + armored + "\r\n--" + boundary + "--\r\n";
        return api.request("/api/v1/investigator/create/").header("X-PGPAUTHORIZATION", api.alice())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Nested
    class Investigators {
        @Test
        void createReadsTheKeyAndAnswers201() {
            Answer a = api.send(multipartCreate("bob", Fixtures.read("mig-wire/keys/bob.asc"), api.alice()));
            assertEquals(201, a.status(), a.body());
            JsonNode v = a.value(0);
            assertEquals("2D615F2215436D957D0D065186B59376F65A08DC", v.get("pgpfingerprint").asText());
            assertEquals("Investigator ID " + v.get("id").asLong(), a.json().at("/collection/items/0/data/0/name").asText());
            assertTrue(v.at("/permissions/search").asBoolean());
            assertFalse(v.at("/permissions/investigator").asBoolean());
            Answer dup = api.send(multipartCreateKeepingOthers("bob2", Fixtures.read("mig-wire/keys/bob.asc")));
            assertEquals(400, dup.status());
            assertTrue(dup.errorMessage().contains("already exists"), dup.body());
        }

        @Test
        void createRefusesBadKeyAndMissingName() {
            Answer badKey = api.send(multipartCreate("carol", "not a key", api.alice()));
            assertEquals(400, badKey.status());
            assertTrue(badKey.errorMessage().startsWith("public key"), badKey.body());
            Answer noName = api.send(multipartCreate("", Fixtures.read("mig-wire/keys/alice.asc"), api.alice()));
            assertEquals(400, noName.status());
            assertEquals("missing investigator name in form field 'name'", noName.errorMessage());
        }

        @Test
        void updateChangesStatusAndPermissionsAndValidatesInput() {
            Answer created = api.send(multipartCreate("dave", Fixtures.read("mig-wire/keys/bob.asc"), api.alice()));
            assertEquals(201, created.status(), created.body());
            long id = created.value(0).get("id").asLong();
            Answer u = api.postForm("/api/v1/investigator/update/", api.alice(), "id=" + id + "&status=disabled"
                    + "&" + form("permissions", "{\"search\":true}"));
            assertEquals(200, u.status(), u.body());
            assertEquals("disabled", u.value(0).get("status").asText());
            assertFalse(u.value(0).at("/permissions/action").asBoolean());
            assertEquals(400, api.postForm("/api/v1/investigator/update/", api.alice(), "id=" + id + "&status=gone").status());
            assertEquals(400, api.postForm("/api/v1/investigator/update/", api.alice(),
                    "id=" + id + "&" + form("permissions", "{\"root\":true}")).status());
            assertEquals(400, api.postForm("/api/v1/investigator/update/", api.alice(), "id=" + id).status());
            assertEquals(404, api.postForm("/api/v1/investigator/update/", api.alice(), "id=9999&status=active").status());
        }

        @Test
        void lastAdministratorCannotBeDisabled() {
            Answer u = api.postForm("/api/v1/investigator/update/", api.alice(), "id=2&status=disabled");
            assertEquals(400, u.status());
            assertTrue(u.errorMessage().contains("last active administrator"), u.body());
        }
    }
}
