package io.gator.api.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.api.backend.SearchQuery;
import io.gator.api.backend.SearchType;
import io.gator.api.testing.ApiHarness;
import io.gator.api.testing.ApiHarness.Answer;
import io.gator.api.testing.FakeTokens;
import io.gator.core.action.Action;
import io.gator.core.action.Compression;
import io.gator.core.action.Operation;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigJson;
import io.gator.core.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What callers control at the API's edge: text that cannot be stored, who may post or cancel what, paths. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiEdgeTest {
    static final Instant START = Instant.parse("2026-11-23T07:11:10Z");
    static final String BOB_FP = "3333333333333333333333333333333333333333";
    static final String ROOT_FP = "4444444444444444444444444444444444444444";
    final ApiHarness api = new ApiHarness(START, "gator.api.max-action-window = 30d");

    @AfterAll
    void stop() {
        api.close();
    }

    @BeforeEach
    void reset() {
        api.reset(START);
        OffsetDateTime t = now();
        // bob may create actions, root is a second admin; neither signed alice's actions
        api.backend.put(new Investigator(5, "bob", BOB_FP, "", "active", t, t, Permissions.INVESTIGATOR));
        api.backend.put(new Investigator(6, "root", ROOT_FP, "", "active", t, t, Permissions.ALL));
        api.tokens.key(BOB_FP, "bob-secret");
        api.tokens.key(ROOT_FP, "root-secret");
    }

    OffsetDateTime now() {
        return OffsetDateTime.ofInstant(api.clock.instant(), ZoneOffset.UTC);
    }

    String token(String fp, String secret) {
        return FakeTokens.token(fp, secret, api.clock.instant(), Long.toString(System.nanoTime()));
    }

    static String form(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    Action action(String name, Operation op) {
        return Action.of(987654321, name, "status='online'", now().minusMinutes(1), now().plusMinutes(10), List.of(op))
                .withSignatures(List.of("fakesig:" + ApiHarness.ALICE_FP));
    }

    Operation fileOp(String path) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.putObject("searches").putObject("s1").putArray("paths").add(path);
        return new Operation("file", params);
    }

    Answer create(String token, String json) {
        return api.postForm("/api/v1/action/create/", token, form("action", json));
    }

    int storedActions() throws Exception {
        return api.backend.search(SearchQuery.defaults(SearchType.ACTION, now())).toCompletableFuture()
                .get(5, TimeUnit.SECONDS).size();
    }

    @Test
    void nulInAnyActionTextIs400AndNothingIsStored() throws Exception {
        String ok = MigJson.write(action("n", fileOp("/etc")));
        for (String bad : List.of(ok.replace("\"name\":\"n\"", "\"name\":\"n\\u0000\""),
                ok.replace("\"description\":{}", "\"description\":{\"author\":\"a\\u0000\"}"),
                ok.replace("\"threat\":{}", "\"threat\":{\"family\":\"\\u0000\"}"),
                ok.replace("status='online'", "status='online\\u0000'"),
                ok.replace("/etc", "/etc\\u0000"),
                ok.replace("/etc", "/etc\\udc00"))) {
            Answer a = create(api.alice(), bad);
            assertEquals(400, a.status(), bad + " -> " + a.body());
            assertTrue(a.errorMessage().startsWith("action text cannot be stored: "), a.body());
        }
        assertEquals(0, storedActions());
    }

    @Test
    void invalidUtf8InAFormOrQueryIs400() {
        Answer form = api.postForm("/api/v1/action/create/", api.alice(), "action=%7B%FF%7D");
        assertEquals(400, form.status(), form.body());
        assertTrue(form.errorMessage().contains("not valid UTF-8"), form.body());
        Answer query = api.get("/api/v1/search?type=agent&agentname=%C3%28");
        assertEquals(400, query.status(), query.body());
        assertTrue(query.errorMessage().contains("not valid UTF-8"), query.body());
    }

    @Test
    void nulInASearchParameterOrAnInvestigatorNameIs400NamingIt() {
        Answer search = api.get("/api/v1/search?type=agent&agentname=a%00b");
        assertEquals(400, search.status(), search.body());
        assertTrue(search.errorMessage().startsWith("query parameter 'agentname' contains U+0000"), search.body());
        Answer inv = api.postForm("/api/v1/investigator/create/", api.alice(),
                form("name", "eve\0") + "&" + form("publickey", Fixtures.read("mig-wire/keys/bob.asc")));
        assertEquals(400, inv.status(), inv.body());
        assertTrue(inv.errorMessage().startsWith("form field 'name' contains U+0000"), inv.body());
        assertEquals(400, api.send(api.request("/api/v1/publickey/AB%00CD").GET().build()).status());
    }

    @Test
    void extremeSearchNumbersAndTimesAre400() {
        for (String q : List.of("offset=1e300", "limit=99999999999", "after=%2B999999999-12-31T00:00:00Z",
                "before=-999999999-01-01T00:00:00Z")) {
            Answer a = api.get("/api/v1/search?type=action&" + q);
            assertEquals(400, a.status(), q + " -> " + a.body());
        }
    }

    @Test
    void tooLongAnInvestigatorNameIs400() {
        Answer inv = api.postForm("/api/v1/investigator/create/", api.alice(),
                form("name", "e".repeat(1025)) + "&" + form("publickey", Fixtures.read("mig-wire/keys/bob.asc")));
        assertEquals(400, inv.status(), inv.body());
        assertTrue(inv.errorMessage().contains("longer than 1024"), inv.body());
    }

    @Test
    void windowLongerThanTheConfiguredLimitIs400NamingIt() throws Exception {
        Action a = action("long", fileOp("/etc"));
        Action far = Action.of(0, a.name(), a.target(), now().minusMinutes(1), now().plusDays(31), a.operations())
                .withSignatures(a.pgpSignatures());
        Answer r = create(api.alice(), MigJson.write(far));
        assertEquals(400, r.status(), r.body());
        assertTrue(r.errorMessage().contains("30 days (gator.api.max-action-window)"), r.body());
        String year9999 = MigJson.write(far).replaceAll("\"expireafter\":\"[^\"]*\"", "\"expireafter\":\"9999-12-31T00:00:00Z\"");
        Answer y = create(api.alice(), year9999);
        assertEquals(400, y.status(), y.body());
        assertEquals(0, storedActions());
    }

    @Test
    void theServerAssignsTheActionIdWhateverThePostedOne() {
        Answer a = create(api.alice(), MigJson.write(action("mine", fileOp("/etc"))));
        assertEquals(202, a.status(), a.body());
        long id = a.value(0).get("id").asLong();
        assertNotEquals(987654321L, id);
        assertTrue(id > 0 && id < (1L << 53));
    }

    @Test
    void onlyASignerMayPostAnActionAndTheJournalSaysWhoPosted() throws Exception {
        String signedByAlice = MigJson.write(action("alice's", fileOp("/etc")));
        Answer byBob = create(token(BOB_FP, "bob-secret"), signedByAlice);
        assertEquals(403, byBob.status(), byBob.body());
        assertTrue(byBob.errorMessage().contains("bob did not sign this action"), byBob.body());
        assertEquals(0, storedActions());
        Answer byAlice = create(api.alice(), signedByAlice);
        assertEquals(202, byAlice.status(), byAlice.body());
        long id = byAlice.value(0).get("id").asLong();
        Answer ev = api.get("/api/v1/action/events?actionid=" + id);
        assertEquals("alice", ev.json().at("/collection/items/0/data/0/value/event/postedby").asText(), ev.body());
    }

    @Test
    void onlyASignerOrAnAdminMayCancelAndTheJournalSaysWho() {
        long first = create(api.alice(), MigJson.write(action("one", fileOp("/etc")))).value(0).get("id").asLong();
        Answer byBob = api.postForm("/api/v1/action/cancel/", token(BOB_FP, "bob-secret"), "actionid=" + first);
        assertEquals(403, byBob.status(), byBob.body());
        assertTrue(byBob.errorMessage().contains("bob neither signed action " + first), byBob.body());
        Answer byRoot = api.postForm("/api/v1/action/cancel/", token(ROOT_FP, "root-secret"), "actionid=" + first);
        assertEquals(200, byRoot.status(), byRoot.body());
        Answer ev = api.get("/api/v1/action/events?actionid=" + first);
        assertEquals("root", ev.json().at("/collection/items/1/data/0/value/event/by").asText(), ev.body());
        long second = create(api.alice(), MigJson.write(action("two", fileOp("/etc")))).value(0).get("id").asLong();
        assertEquals(200, api.postForm("/api/v1/action/cancel/", api.alice(), "actionid=" + second).status());
    }

    @Test
    void compressedParametersAreAcceptedAndStoredCompressed() throws Exception {
        Operation z = Compression.compress(fileOp("/etc"));
        Answer a = create(api.alice(), MigJson.write(action("zipped", z)));
        assertEquals(202, a.status(), a.body());
        Action stored = api.backend.action(a.value(0).get("id").asLong()).toCompletableFuture().get(5, TimeUnit.SECONDS)
                .orElseThrow();
        assertTrue(stored.operations().get(0).isCompressed());
        assertEquals(z.parameters(), stored.operations().get(0).parameters());
    }

    @Test
    void doubledSlashesAreRoutedAsSingleOnes() {
        Answer ip = api.send(api.request("/api/v1//ip").GET().build());
        assertEquals(200, ip.status(), ip.body());
        assertEquals("127.0.0.1", ip.body());
        assertEquals(200, api.send(api.request("//api//v1///heartbeat").GET().build()).status());
        Answer hb = api.send(api.request("/api/v1//heartbeat").POST(HttpRequest.BodyPublishers.ofString(
                Fixtures.read("mig-wire/http/agent-heartbeat-post-body.json"))).build());
        assertEquals(200, hb.status(), hb.body());
    }

    String heartbeat() {
        return Fixtures.read("mig-wire/http/agent-heartbeat-post-body.json");
    }

    Answer postHeartbeat(ApiHarness h, String body) {
        return h.send(h.request("/api/v1/heartbeat").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void heartbeatWithNulOrTimesAheadOfTheClockIs400() {
        Answer nul = postHeartbeat(api, heartbeat().replace("\"vm\"", "\"vm\\u0000\""));
        assertEquals(400, nul.status(), nul.body());
        assertTrue(nul.json().get("error").asText().contains("U+0000"), nul.body());
        Answer tag = postHeartbeat(api, heartbeat().replace("\"environment\",", "\"env\\u0000\","));
        assertEquals(400, tag.status(), tag.body());
        Answer future = postHeartbeat(api, heartbeat().replace("2026-11-23T07:11:03.324090732Z", "2030-01-01T00:00:00Z"));
        assertEquals(400, future.status(), future.body());
        assertTrue(future.json().get("error").asText().contains("max-clock-skew"), future.body());
        Answer refresh = postHeartbeat(api, heartbeat().replace("2026-11-23T07:07:03.284358712Z", "2030-01-01T00:00:00Z"));
        assertEquals(400, refresh.status(), refresh.body());
        Answer pid = postHeartbeat(api, heartbeat().replace("10101", "99999999999"));
        assertEquals(400, pid.status(), pid.body());
        assertEquals(200, postHeartbeat(api, heartbeat()).status());
    }

    @Test
    void aHeartbeatLargerThanMigsLimitIs413NamingTheSetting() {
        String padded = heartbeat().replace("\"os\":\"linux\"", "\"os\":\"" + "l".repeat(102400) + "\"");
        Answer big = postHeartbeat(api, padded);
        assertEquals(413, big.status(), big.body().substring(0, Math.min(300, big.body().length())));
        assertTrue(big.body().contains("gator.api.heartbeat.max-bytes"), big.body());
        assertEquals(200, postHeartbeat(api, heartbeat()).status());
    }

    @Test
    void heartbeatPostCanBeClosedOrLimitedToTrustedNetworks() {
        try (ApiHarness off = new ApiHarness(START, "gator.api.heartbeat.http = off")) {
            Answer a = postHeartbeat(off, heartbeat());
            assertEquals(403, a.status(), a.body());
            assertTrue(a.json().get("error").asText().contains("gator.api.heartbeat.http = off"), a.body());
        }
        try (ApiHarness trusted = new ApiHarness(START, "gator.api.heartbeat.http = trusted-networks\n"
                + "gator.api.heartbeat.trusted-networks = [\"10.0.0.0/8\"]")) {
            assertEquals(403, postHeartbeat(trusted, heartbeat()).status());
        }
        try (ApiHarness trusted = new ApiHarness(START, "gator.api.heartbeat.http = trusted-networks\n"
                + "gator.api.heartbeat.trusted-networks = [\"10.0.0.0/8\", \"127.0.0.0/8\"]")) {
            assertEquals(200, postHeartbeat(trusted, heartbeat()).status());
        }
    }
}
