package io.gator.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.api.ActionStream;
import io.gator.cli.api.ApiException;
import io.gator.cli.api.MigApiClient;
import io.gator.core.json.MigJson;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /action/stream over real HTTP on one scheduler+API node on PostgreSQL with simulated agents: the CLI follows
 * through it and prints every result from it; a client that disconnects and resumes with Last-Event-ID gets each
 * result exactly once; a running action's final status is pushed live; unknown and bad IDs get 404 and 400.
 */
class ActionStreamPostgresTest {
    private static final int AGENTS = 12;

    @Test
    void theCliFollowsThroughTheStreamAndAResumingClientGetsEveryResultOnce(@TempDir Path dir) throws Exception {
        KeyGen.GeneratedKey alice = KeyGen.rsa("alice <alice@example.net>", 2048);
        Path etc = TestPlatform.etcWithPasswd(dir);
        try (TestPlatform platform = TestPlatform.start(dir, TestPlatform.Setup.of("stream", AGENTS, alice))) {
            int port = platform.port();
            Path migrc = platform.migrc("alice");
            PgpSigner pgp = PgpSigner.fromArmoredSecretKey(alice.armoredSecretKey(), new char[0]);
            MigApiClient api = new MigApiClient("http://127.0.0.1:" + port + "/api/v1", Optional.of(pgp::sign),
                    Optional.empty(), "test");

            // the CLI prints every agent's result from the stream, without waiting for the read table
            EndToEndTest.Run json = EndToEndTest.mig(List.of("file", "-c", migrc.toString(), "-yes", "-json",
                    "-t", "all", "-path", etc.toString(), "-name", "^passwd$"));
            assertEquals(0, json.code(), json.err());
            JsonNode doc = MigJson.tree(json.out());
            assertEquals(AGENTS, doc.get("commands").size(), json.out());
            assertEquals("completed", doc.at("/action/status").asText());
            long id = doc.at("/action/id").asLong();

            // one connection: every result once, then progress and done
            List<ActionStream.Event> all = read(api, id, 0, Integer.MAX_VALUE);
            List<Long> results = commandIds(all);
            assertEquals(AGENTS, results.size());
            assertEquals(AGENTS, new HashSet<>(results).size());
            assertEquals("done", all.get(all.size() - 1).event());
            assertEquals(AGENTS, all.get(all.size() - 1).id());
            assertEquals("completed", MigJson.tree(all.get(all.size() - 1).data()).path("status").asText());

            // disconnect after 5 results, resume with Last-Event-ID: the rest, none twice, none missing
            List<ActionStream.Event> first = read(api, id, 0, 5);
            long last = first.get(first.size() - 1).id();
            assertEquals(5, last);
            List<ActionStream.Event> rest = read(api, id, last, Integer.MAX_VALUE);
            List<Long> resumed = new ArrayList<>(commandIds(first));
            resumed.addAll(commandIds(rest));
            assertEquals(results, resumed, "same order, no duplicate, no gap");
            assertEquals(6, rest.get(0).id(), "ids go on from Last-Event-ID");

            // errors as the other routes answer them
            assertEquals(404, status(api, 4242));
            assertEquals(400, badRequest(port, api));

            // live: agents gone, the action expires, and the final status is pushed while we listen
            platform.stopAgents();
            CompletableFuture<EndToEndTest.Run> launched = CompletableFuture.supplyAsync(() -> EndToEndTest.mig(
                    List.of("file", "-c", migrc.toString(), "-yes", "-json", "-show", "all", "-e", "4s", "-t", "all", "-path",
                            etc.toString(), "-name", "^passwd$")));
            long live = awaitNewAction(api, id);
            List<ActionStream.Event> pushed = read(api, live, 0, Integer.MAX_VALUE);
            ActionStream.Event done = pushed.get(pushed.size() - 1);
            assertEquals("done", done.event(), pushed.toString());
            assertEquals("expired", MigJson.tree(done.data()).path("status").asText());
            assertEquals(AGENTS, commandIds(pushed).size());
            EndToEndTest.Run expired = launched.get(60, java.util.concurrent.TimeUnit.SECONDS);
            JsonNode ex = MigJson.tree(expired.out());
            assertEquals(AGENTS, ex.get("commands").size(), expired.out());
            assertEquals("expired", ex.at("/commands/0/status").asText());
        }
    }

    /** Events until {@code results} result events were read or the stream ended, then disconnects. */
    private static List<ActionStream.Event> read(MigApiClient api, long id, long lastEventId, int results)
            throws Exception {
        List<ActionStream.Event> out = new ArrayList<>();
        int n = 0;
        try (ActionStream s = api.stream(id, lastEventId)) {
            for (var e = s.next(); e.isPresent() && n < results; e = s.next()) {
                out.add(e.get());
                if (e.get().event().equals("result")) {
                    n++;
                }
            }
        }
        return out;
    }

    private static List<Long> commandIds(List<ActionStream.Event> events) {
        return events.stream().filter(e -> e.event().equals("result"))
                .map(e -> MigJson.tree(e.data()).path("id").asLong()).toList();
    }

    private static int status(MigApiClient api, long id) {
        try (ActionStream s = api.stream(id, 0)) {
            return 200;
        } catch (ApiException e) {
            return e.status();
        }
    }

    private static int badRequest(int port, MigApiClient api) throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/action/stream?actionid=abc"))
                .header("X-PGPAUTHORIZATION", api.token()).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    /** The ID of the action launched after {@code previous}, once the API lists it. */
    private static long awaitNewAction(MigApiClient api, long previous) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                Set<Long> ids = new HashSet<>();
                MigApiClient.values(api.get("search?type=action&limit=10"), "action")
                        .forEach(a -> ids.add(a.path("id").asLong()));
                ids.remove(previous);
                ids.removeIf(i -> i == 0);
                if (!ids.isEmpty()) {
                    return ids.iterator().next();
                }
            } catch (ApiException e) {
                // none yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the second action never appeared");
    }
}
