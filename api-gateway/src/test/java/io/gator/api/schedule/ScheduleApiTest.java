package io.gator.api.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.api.testing.ApiHarness;
import io.gator.api.testing.ApiHarness.Answer;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.json.MigJson;
import io.gator.core.sign.PgpSigner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A pre-signed series over real HTTP, signatures checked by the production PGP verifier: refused whole or stored. */
class ScheduleApiTest {
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final ApiHarness API = new ApiHarness(START, "gator.api.schedule.max-runs = 5", b -> b, true);

    @AfterAll
    static void close() {
        API.close();
    }

    /** {@code n} hourly runs of one file search, each open 30 minutes, signed by the tester's real key. */
    static List<Action> series(int n) throws Exception {
        PgpSigner signer = PgpSigner.of(API.tester);
        List<Action> out = new ArrayList<>();
        OffsetDateTime t0 = OffsetDateTime.ofInstant(START, ZoneOffset.UTC).plusMinutes(5);
        for (int k = 0; k < n; k++) {
            OffsetDateTime from = t0.plusHours(k);
            out.add(signer.signAction(Action.of(0, "hourly passwd", "status='online'", from, from.plusMinutes(30),
                    List.of(new Operation("file", MigJson.tree("{\"searches\":{\"s1\":{\"paths\":[\"/etc\"],"
                            + "\"names\":[\"^passwd$\"]}}}"))))));
        }
        return out;
    }

    static Answer post(List<Action> actions, UnaryOperator<ObjectNode> edit) {
        ObjectNode doc = MigJson.mapper().createObjectNode().put("name", "hourly passwd");
        ArrayNode arr = doc.putArray("actions");
        actions.forEach(a -> arr.add(MigJson.mapper().valueToTree(a)));
        String body = "schedule=" + URLEncoder.encode(edit.apply(doc).toString(), StandardCharsets.UTF_8);
        return API.send(API.request("/api/v1/schedule/create/").header("X-PGPAUTHORIZATION", API.pgpToken())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static int stored() throws Exception {
        return API.backend.standingOrders(1000).toCompletableFuture().get().size();
    }

    @Test
    void aSeriesWithOneActionEditedAfterSigningIsRefusedWhole() throws Exception {
        int before = stored();
        Answer a = post(series(4), doc -> {
            ((ObjectNode) doc.path("actions").get(2)).put("target", "status='online' OR 1=1");
            return doc;
        });
        assertEquals(400, a.status(), a.body());
        assertTrue(a.errorMessage().startsWith("run 2: "), a.errorMessage());
        assertTrue(a.errorMessage().contains("whole series is refused"), a.errorMessage());
        assertEquals(before, stored());
    }

    @Test
    void aSinkWithAPathOrAnUnknownKindIsRefusedAndNothingStored() throws Exception {
        int before = stored();
        for (String sink : List.of("jsonl:../etc/passwd", "ftp:host")) {
            String body = "schedule=" + URLEncoder.encode(MigJson.mapper().createObjectNode().put("name", "x")
                    .toString(), StandardCharsets.UTF_8) + "&sinks=" + URLEncoder.encode(sink, StandardCharsets.UTF_8);
            Answer a = API.send(API.request("/api/v1/schedule/create/").header("X-PGPAUTHORIZATION", API.pgpToken())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
            assertEquals(400, a.status(), a.body());
            assertTrue(a.errorMessage().contains("sink"), a.errorMessage());
        }
        assertEquals(before, stored());
    }

    @Test
    void aSeriesNameWithANulAControlCharacterOrMoreThan2048CharactersIsRefusedAndNothingStored() throws Exception {
        int before = stored();
        List<Action> runs = series(2);
        for (String name : List.of("hourly\u0000passwd", "hourly\u001b[31mpasswd", "hourly\npasswd",
                "x".repeat(SeriesChecks.MAX_NAME + 1))) {
            Answer a = post(runs, d -> d.put("name", name));
            assertEquals(400, a.status(), a.body());
            assertTrue(a.errorMessage().startsWith("series name"), a.errorMessage());
        }
        assertEquals(before, stored());
        Answer longest = post(runs, d -> d.put("name", "é".repeat(SeriesChecks.MAX_NAME)));
        assertEquals(202, longest.status(), longest.body());
        assertEquals(before + 1, stored());
    }

    @Test
    void aSeriesLongerThanMaxRunsIsRefused() throws Exception {
        int before = stored();
        Answer a = post(series(6), d -> d);
        assertEquals(400, a.status(), a.body());
        assertTrue(a.errorMessage().contains("gator.api.schedule.max-runs"), a.errorMessage());
        assertEquals(before, stored());
    }

    @Test
    void overlappingWindowsAreRefused() throws Exception {
        List<Action> s = new ArrayList<>(series(2));
        s.add(s.get(1)); // the same window twice
        Answer a = post(s, d -> d);
        assertEquals(400, a.status(), a.body());
        assertTrue(a.errorMessage().contains("must not overlap"), a.errorMessage());
    }

    @Test
    void aSoundSeriesIsStoredAsOneOrderThatListAndShowReturn() throws Exception {
        Answer a = post(series(3), d -> d);
        assertEquals(202, a.status(), a.body());
        JsonNode order = a.json().path("collection").path("items").get(0).path("data").get(0).path("value");
        long id = order.path("id").asLong();
        assertEquals(3, order.path("runs").size());
        assertEquals("tester", order.path("postedby").asText());
        assertEquals(2, order.path("runs").get(2).path("index").asInt());
        assertTrue(order.path("runs").get(0).has("validfrom"), order.toString());
        Answer show = API.send(API.request("/api/v1/schedule?id=" + id).header("X-PGPAUTHORIZATION", API.pgpToken())
                .GET().build());
        assertEquals(200, show.status(), show.body());
        Answer list = API.send(API.request("/api/v1/schedule/list").header("X-PGPAUTHORIZATION", API.pgpToken())
                .GET().build());
        assertEquals(200, list.status(), list.body());
        assertTrue(list.body().contains("\"id\":" + id), list.body());
    }
}
