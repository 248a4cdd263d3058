package io.gator.api.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.api.testing.ApiHarness;
import io.gator.api.testing.ApiHarness.Answer;
import io.gator.api.testing.EnvelopeShape;
import io.gator.core.action.Action;
import io.gator.core.agent.Agent;
import io.gator.core.command.Command;
import io.gator.core.investigator.Investigator;
import io.gator.core.json.MigJson;
import io.gator.core.testing.Fixtures;
import io.gator.core.testing.JsonTrees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gator's API answers have the envelope, item kinds, data names and JSON value
 * types of the answers real MIG gave ({@code mig-wire/http}), with the in-memory backend seeded
 * from the same fixtures' values (read into Gator's records, so what is compared is the API's
 * rendering of Gator's own records).
 *
 * <p>Deliberate differences, each pinned below: MIG's {@code search} without a filter failed with
 * an SQL error (its {@code api-search-action/command/investigator.json} are those error answers);
 * Gator answers them with results, whose items have the shape of the single-object answers. MIG
 * answers an invalid search type with 500; Gator with 400 (same envelope and message).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigApiConformanceTest {
    static final Instant FIXTURE_TIME = Instant.parse("2026-11-23T07:11:10Z");
    ApiHarness api;

    @BeforeAll
    void start() {
        Fixtures.root();
        api = new ApiHarness(FIXTURE_TIME, "");
    }

    @BeforeEach
    void reset() {
        api.reset(FIXTURE_TIME);
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    static JsonNode fixture(String name) {
        return MigJson.tree(Fixtures.read("mig-wire/http/" + name));
    }

    static JsonNode values(JsonNode doc, String dataName) {
        var arr = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : doc.at("/collection/items")) {
            for (JsonNode d : item.path("data")) {
                if (d.path("name").asText().equals(dataName)) {
                    arr.add(d.path("value"));
                }
            }
        }
        return arr;
    }

    static <T> T read(JsonNode value, Class<T> type) {
        try {
            return MigJson.mapper().treeToValue(value, type);
        } catch (Exception e) {
            throw new AssertionError("fixture value does not read as " + type.getSimpleName(), e);
        }
    }

    void assertSameShape(String fixtureName, Answer gator) {
        List<String> d = EnvelopeShape.differences(fixture(fixtureName), gator.json());
        assertTrue(d.isEmpty(), fixtureName + " differs from Gator's answer:\n" + String.join("\n", d)
                + "\nGator: " + gator.body());
    }

    void seedActions(String fixtureName) {
        values(fixture(fixtureName), "action").forEach(v -> api.backend.put(read(v, Action.class)));
    }

    void seedAgents(String fixtureName) {
        values(fixture(fixtureName), "agent").forEach(v -> api.backend.put(read(v, Agent.class)));
    }

    @Test
    void everyApiFixtureIsCoveredByThisTest() {
        Set<String> files = new TreeSet<>();
        Fixtures.list("mig-wire/http", ".json").stream().map(Path::getFileName).map(Path::toString)
                .filter(n -> n.startsWith("api-")).forEach(files::add);
        Set<String> covered = Set.of("api-action.json", "api-agent.json", "api-command.json", "api-dashboard.json",
                "api-error-action-create-invalid.json", "api-error-action-notfound.json",
                "api-error-search-badtype.json", "api-heartbeat-post-rejected-400.json", "api-heartbeat.json",
                "api-investigator-create.json", "api-investigator.json", "api-search-action.json",
                "api-search-agent.json", "api-search-command.json", "api-search-investigator.json");
        assertEquals(new TreeSet<>(covered), files, "a new api-*.json fixture needs a conformance check here");
    }

    @Test
    void actionById() {
        seedActions("api-action.json");
        Answer a = api.get("/api/v1/action?actionid=28059841527811");
        assertEquals(200, a.status());
        assertSameShape("api-action.json", a);
    }

    @Test
    void agentById() {
        seedAgents("api-agent.json");
        Answer a = api.get("/api/v1/agent?agentid=28059838906376");
        assertEquals(200, a.status());
        assertSameShape("api-agent.json", a);
    }

    @Test
    void commandById() {
        values(fixture("api-command.json"), "command").forEach(v -> api.backend.put(read(v, Command.class)));
        Answer a = api.get("/api/v1/command?commandid=28059838709975");
        assertEquals(200, a.status());
        assertSameShape("api-command.json", a);
    }

    @Test
    void dashboard() {
        seedActions("api-dashboard.json");
        seedAgents("api-search-agent.json"); // two online agents on one endpoint, as when MIG answered
        Answer a = api.get("/api/v1/dashboard");
        assertEquals(200, a.status());
        assertSameShape("api-dashboard.json", a);
        assertEquals(10, a.json().at("/collection/items").size(), "stats then the latest actions");
    }

    @Test
    void heartbeatGet() {
        Answer a = api.send(api.request("/api/v1/heartbeat").GET().build());
        assertSameShape("api-heartbeat.json", a);
        assertEquals(fixture("api-heartbeat.json").at("/collection/items/0/data/0/value"), a.value(0));
    }

    @Test
    void investigatorById() {
        values(fixture("api-investigator.json"), "investigator").forEach(v -> api.backend.put(read(v, Investigator.class)));
        Answer a = api.get("/api/v1/investigator?investigatorid=2");
        assertEquals(200, a.status());
        assertSameShape("api-investigator.json", a);
    }

    @Test
    void investigatorCreate() {
        JsonNode perms = fixture("api-investigator-create.json").at("/collection/items/0/data/0/value/permissions");
        String boundary = "migboundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nbob\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"permissions\"\r\n\r\n" + perms + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"publickey\"; filename=\"bob.asc\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + Fixtures.read("mig-wire/keys/bob.asc")
                + "\r\n--" + boundary + "--\r\n";
        Answer a = api.send(api.request("/api/v1/investigator/create/").header("X-PGPAUTHORIZATION", api.alice())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(201, a.status(), a.body());
        assertSameShape("api-investigator-create.json", a);
        JsonNode mig = fixture("api-investigator-create.json").at("/collection/items/0/data/0/value");
        assertEquals(mig.get("pgpfingerprint"), a.value(0).get("pgpfingerprint"));
        assertEquals(mig.get("publickey"), a.value(0).get("publickey"), "base64 of the armored key, as MIG");
        assertEquals(mig.get("permissions"), a.value(0).get("permissions"));
    }

    @Test
    void actionNotFound() {
        Answer a = api.get("/api/v1/action?actionid=999");
        assertEquals(404, a.status());
        assertSameShape("api-error-action-notfound.json", a);
        assertEquals(fixture("api-error-action-notfound.json").at("/collection/error/message").asText(), a.errorMessage());
    }

    @Test
    void actionCreateWithEmptyTarget() {
        Action a = read(values(fixture("api-action.json"), "action").get(0), Action.class);
        String json = MigJson.write(Action.of(0, a.name(), "",
                api.clock.instant().atOffset(java.time.ZoneOffset.UTC).minusMinutes(1),
                api.clock.instant().atOffset(java.time.ZoneOffset.UTC).plusMinutes(5), a.operations())
                .withDescription(a.description()).withThreat(a.threat()).withSignatures(a.pgpSignatures()));
        Answer r = api.postForm("/api/v1/action/create/", api.alice(),
                "action=" + URLEncoder.encode(json, StandardCharsets.UTF_8));
        assertEquals(400, r.status());
        assertSameShape("api-error-action-create-invalid.json", r);
        assertEquals("action target is empty", r.errorMessage());
    }

    @Test
    void searchWithInvalidType() {
        Answer a = api.get("/api/v1/search?type=bogus");
        assertEquals(400, a.status(), "MIG said 500; Gator 400 (the caller's mistake)");
        assertSameShape("api-error-search-badtype.json", a);
        assertEquals("search type is invalid", a.errorMessage());
    }

    @Test
    void searchAgentsOnline() {
        seedAgents("api-search-agent.json");
        Answer a = api.get("/api/v1/search?type=agent&status=online");
        assertEquals(200, a.status());
        assertSameShape("api-search-agent.json", a);
    }

    /** MIG failed these searches with an SQL error; Gator answers results of the single-object shapes. */
    void searchWhereMigFailed(String fixtureName, String query, String kind, String singleFixture) {
        JsonNode mig = fixture(fixtureName);
        assertTrue(mig.at("/collection/error/message").asText().startsWith("Error while preparing search statement"),
                "the fixture records MIG's SQL failure");
        Answer a = api.get("/api/v1/search?" + query);
        assertEquals(200, a.status(), a.body());
        JsonNode items = a.json().at("/collection/items");
        assertEquals("search parameters", items.get(items.size() - 1).at("/data/0/name").asText());
        List<String> d = new ArrayList<>(JsonTrees.shapeDifferences(mig.at("/collection/items/0"),
                items.get(items.size() - 1)));
        assertTrue(items.size() >= 2, "results before the search parameters");
        JsonNode single = fixture(singleFixture).at("/collection/items/0/data/0/value").deepCopy();
        if (kind.equals("investigator")) {
            // MIG's investigator search selects no public key (see the SQL in the fixture's error)
            ((com.fasterxml.jackson.databind.node.ObjectNode) single).remove("publickey");
        }
        for (int i = 0; i < items.size() - 1; i++) {
            assertEquals(kind, items.get(i).at("/data/0/name").asText());
            d.addAll(JsonTrees.shapeDifferences(single, items.get(i).at("/data/0/value")));
        }
        assertEquals(List.of(), d);
        assertTrue(a.json().at("/collection/error").isEmpty());
    }

    @Test
    void searchActions() {
        seedActions("api-action.json");
        searchWhereMigFailed("api-search-action.json", "type=action&limit=3", "action", "api-action.json");
    }

    @Test
    void searchCommands() {
        values(fixture("api-command.json"), "command").forEach(v -> api.backend.put(read(v, Command.class)));
        searchWhereMigFailed("api-search-command.json", "type=command&limit=2", "command", "api-command.json");
    }

    @Test
    void searchInvestigators() {
        values(fixture("api-investigator.json"), "investigator").forEach(v -> api.backend.put(read(v, Investigator.class)));
        searchWhereMigFailed("api-search-investigator.json", "type=investigator", "investigator", "api-investigator.json");
    }

    @Test
    void agentHeartbeatBodyIsAcceptedAndWithoutPublicIpRefusedAsMig() {
        String body = Fixtures.read("mig-wire/http/agent-heartbeat-post-body.json");
        Answer ok = api.send(api.request("/api/v1/heartbeat").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(200, ok.status(), ok.body());
        assertEquals(MigJson.tree("{\"error\":null}"), ok.json());
        Answer found = api.get("/api/v1/search?type=agent&status=online");
        assertEquals(200, found.status());
        JsonNode agent = found.value(0);
        assertEquals("vm", agent.get("name").asText());
        assertEquals("127.0.0.1", agent.at("/environment/publicip").asText());
        assertEquals("migdemo", agent.at("/tags/environment").asText());

        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) MigJson.tree(body);
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("environment")).remove("publicIP");
        Answer refused = api.send(api.request("/api/v1/heartbeat").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(tree.toString())).build());
        assertEquals(400, refused.status());
        assertEquals(fixture("api-heartbeat-post-rejected-400.json"), refused.json());
    }

    // ------------------------------------------------------------------ cli-session.http

    record Exchange(String method, String path, Map<String, String> headers, String body, int status, String answer) {}

    static List<Exchange> session() {
        String text = Fixtures.read("mig-wire/http/cli-session.http");
        List<Exchange> out = new ArrayList<>();
        for (String block : text.split("(?m)^>>> ")) {
            if (block.isBlank()) {
                continue;
            }
            int answerAt = block.indexOf("\n<<< ");
            String req = block.substring(0, answerAt);
            String resp = block.substring(answerAt + 5);
            String[] reqParts = req.split("\n\n", 2);
            String[] lines = reqParts[0].split("\n");
            String[] first = lines[0].split(" ");
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, c).trim(), lines[i].substring(c + 1).trim());
            }
            String body = reqParts.length > 1 ? reqParts[1].trim() : "";
            int nl = resp.indexOf('\n');
            int status = Integer.parseInt(resp.substring(0, nl).split(" ")[0]);
            out.add(new Exchange(first[0], first[1], headers, body, status, resp.substring(nl + 1).trim()));
        }
        return out;
    }

    @Test
    void cliSessionReplayedGetsTheSameStatusesAndShapes() {
        // Signature checks are the fake verifier here; it knows MIG's one signature as alice's.
        replaySession(api, false);
    }

    @Test
    void cliSessionReplayedWithRealPgpTokensAndMigsOwnSignature() {
        // Production checks: a fresh token signed by a test key for every request, MIG's signature on the action
        // verified against alice's real public key, replayed nonces refused.
        try (ApiHarness real = new ApiHarness(FIXTURE_TIME, "", b -> b, true)) {
            replaySession(real, true);
        }
    }

    void replaySession(ApiHarness api, boolean realPgp) {
        List<Exchange> session = session();
        assertEquals(12, session.size());
        // The platform as the CLI found it: the online agents, alice, and the clock of the session.
        values(MigJson.tree(session.get(0).answer()), "agent").forEach(v -> api.backend.put(read(v, Agent.class)));
        api.clock.set(Instant.parse("2026-11-23T07:11:42Z"));
        String migActionId = "28059858436120";
        String action = java.net.URLDecoder.decode(session.get(1).body().substring("action=".length()), StandardCharsets.UTF_8);
        if (!realPgp) {
            api.signatures.known(read(MigJson.tree(action), Action.class).pgpSignatures().get(0), ApiHarness.ALICE_FP);
        }

        String gatorActionId = null;
        for (int i = 0; i < session.size(); i++) {
            Exchange x = session.get(i);
            JsonNode migAnswer = MigJson.tree(x.answer());
            String path = gatorActionId == null ? x.path() : x.path().replace(migActionId, gatorActionId);
            if (gatorActionId != null && path.startsWith("/api/v1/action?")) {
                simulateSchedulerProgress(api, Long.parseLong(gatorActionId), values(migAnswer, "action").get(0));
            }
            // the header as MIG's client spells it ("X-Pgpauthorization"), with a fresh token
            String tokenHeader = x.headers().keySet().stream().filter(h -> h.equalsIgnoreCase("X-PGPAUTHORIZATION"))
                    .findFirst().orElseThrow();
            HttpRequest.Builder req = api.request(path).header(tokenHeader, realPgp ? api.pgpToken() : api.alice())
                    .header("User-Agent", x.headers().get("User-Agent"));
            if (x.method().equals("POST")) {
                req.header("Content-Type", x.headers().get("Content-Type"))
                        .POST(HttpRequest.BodyPublishers.ofString(realPgp ? cosignedByTester(api, x.body()) : x.body()));
            } else {
                req.GET();
            }
            Answer a = api.send(req.build());
            assertEquals(x.status(), a.status(), "exchange " + i + " " + x.method() + " " + path + ": " + a.body());
            List<String> d = EnvelopeShape.differences(migAnswer, a.json());
            assertTrue(d.isEmpty(), "exchange " + i + " " + path + ":\n" + String.join("\n", d) + "\nGator: " + a.body());
            if (x.method().equals("POST")) {
                Matcher m = Pattern.compile("action ID (\\d+)").matcher(a.body());
                assertTrue(m.find(), a.body());
                gatorActionId = m.group(1);
                simulateCommandsFor(api, Long.parseLong(gatorActionId), session.get(6));
            }
        }
    }

    /**
     * Only a signer may post an action: the token's investigator (tester, whose secret key the test holds)
     * adds a signature to MIG's, which is still verified against alice's real key.
     */
    static String cosignedByTester(ApiHarness api, String formBody) {
        String json = java.net.URLDecoder.decode(formBody.substring("action=".length()), StandardCharsets.UTF_8);
        try {
            Action cosigned = io.gator.core.sign.PgpSigner.of(api.tester).signAction(read(MigJson.tree(json), Action.class));
            return "action=" + java.net.URLEncoder.encode(MigJson.write(cosigned), StandardCharsets.UTF_8);
        } catch (io.gator.core.sign.SignatureException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The scheduler's part, which this test stands in for: the action's status and counters at poll time. */
    void simulateSchedulerProgress(ApiHarness api, long id, JsonNode migAction) {
        Action mig = read(migAction, Action.class);
        Action stored = api.backend.action(id).toCompletableFuture().join().orElseThrow();
        api.backend.put(stored.withStatus(mig.status(), mig.counters())
                .withTimes(mig.startTime(), mig.finishTime(), mig.lastUpdateTime()));
    }

    /** The command the agent answered, as MIG's command search showed it, attached to Gator's action. */
    void simulateCommandsFor(ApiHarness api, long actionId, Exchange commandSearch) {
        Action stored = api.backend.action(actionId).toCompletableFuture().join().orElseThrow();
        // the action inside a command is the one the scheduler wrote when it sent the command
        for (JsonNode v : values(MigJson.tree(commandSearch.answer()), "command")) {
            Command c = read(v, Command.class);
            Action embedded = c.action().withId(stored.id());
            api.backend.put(new Command(c.id(), embedded, c.agent(), c.status(), c.results(), c.startTime(), c.finishTime()));
        }
    }
}
