package io.gator.scheduler.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.core.json.MigJson;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery through the entity: retried with backoff until delivered, resumed after a restart, capped. */
class SinkDeliveryEntityTest {
    static final Config CONFIG = EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load());
    static final ActorTestKit KIT = ActorTestKit.create("SinkDeliveryEntityTest", CONFIG);
    static final Instant CLOSED = Instant.now().minusSeconds(60);

    @TempDir
    Path dir;
    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A receiver on 127.0.0.1 that answers 503 to its first {@code failures} POSTs. */
    String webhook(int failures) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int n = calls.incrementAndGet();
            int code = n <= failures ? 503 : 204;
            if (code == 204) {
                bodies.add(body);
            }
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        server.start();
        return "webhook:http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    EventSourcedBehaviorTestKit<SinkDeliveryEntity.Command, SinkDeliveryEntity.Event, SinkDeliveryEntity.State> kit(
            long actionId, SinkSettings settings) throws Exception {
        RunResults run = SinkFixtures.run(actionId);
        ResultSource source = id -> CompletableFuture.completedFuture(Optional.of(run));
        return EventSourcedBehaviorTestKit.create(KIT.system(), SinkDeliveryEntity.create(
                PersistenceId.of("SinkDelivery", Long.toString(actionId)), source, spec -> Sink.of(spec, settings),
                settings, Clock.systemUTC(), self -> { }));
    }

    static void start(EventSourcedBehaviorTestKit<SinkDeliveryEntity.Command, SinkDeliveryEntity.Event,
            SinkDeliveryEntity.State> kit, long actionId, List<String> sinks) {
        TestProbe<StatusReply<Done>> reply = KIT.createTestProbe();
        kit.runCommand(new SinkDeliveryEntity.Start(actionId, "passwd-hunt",
                sinks.stream().map(SinkSpec::parse).toList(), CLOSED, reply.getRef()));
        assertTrue(reply.receiveMessage().isSuccess());
    }

    static SinkDeliveryEntity.State awaitDone(EventSourcedBehaviorTestKit<SinkDeliveryEntity.Command,
            SinkDeliveryEntity.Event, SinkDeliveryEntity.State> kit) {
        TestProbe<Object> probe = KIT.createTestProbe();
        return probe.awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(20), () -> {
            SinkDeliveryEntity.State s = kit.getState();
            assertTrue(s.done(), s.toString());
            return s;
        });
    }

    @Test
    void webhookFailingTheFirstAttemptsGetsEveryRecordOnceDeliveredWithIds() throws Exception {
        String hook = webhook(3);
        var kit = kit(700, SinkFixtures.settings(dir, ""));
        start(kit, 700, List.of(hook));
        SinkDeliveryEntity.State s = awaitDone(kit);
        assertEquals(List.of(SinkDeliveryEntity.DELIVERED), s.outcome());
        assertEquals(List.of(3), s.failures());
        assertEquals(4, calls.get());
        assertEquals(1, bodies.size());
        JsonNode body = MigJson.mapper().readTree(bodies.get(0));
        assertEquals("700", body.get("id").asText());
        assertEquals(2, body.get("records").size());
        assertEquals("700-101", body.get("records").get(0).get("id").asText());
        assertEquals("700-102", body.get("records").get(1).get("id").asText());
    }

    @Test
    void deliveryResumesAfterRestartWithoutRepeatingDeliveredSinks() throws Exception {
        String hook = webhook(Integer.MAX_VALUE);
        SinkSettings settings = SinkFixtures.settings(dir, "retry-min = 50ms\n retry-max = 50ms");
        var kit = kit(701, settings);
        start(kit, 701, List.of("jsonl:runs.jsonl", hook));
        TestProbe<Object> probe = KIT.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(20), () -> {
            SinkDeliveryEntity.State s = kit.getState();
            assertEquals(SinkDeliveryEntity.DELIVERED, s.outcome().get(0));
            assertTrue(s.failures().get(1) >= 2, s.toString());
            return s;
        });
        // the receiver comes back while the entity restarts (its node died): recovery picks up the webhook alone
        server.stop(0);
        int port = Integer.parseInt(hook.replaceAll(".*:(\\d+)/hook", "$1"));
        calls.set(0);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            calls.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        kit.restart();
        SinkDeliveryEntity.State s = awaitDone(kit);
        assertEquals(List.of(SinkDeliveryEntity.DELIVERED, SinkDeliveryEntity.DELIVERED), s.outcome());
        assertEquals(1, bodies.size());
        assertEquals("701-101", MigJson.mapper().readTree(bodies.get(0)).get("records").get(0).get("id").asText());
        assertEquals(2, Files.readAllLines(dir.resolve("out/runs.jsonl")).size(), "JSON lines written once");
    }

    @Test
    void aSinkFailingPastTheAttemptCapIsAbandonedAndTheOthersStillDelivered() throws Exception {
        String hook = webhook(Integer.MAX_VALUE);
        var kit = kit(702, SinkFixtures.settings(dir, "webhook-max-attempts = 3"));
        start(kit, 702, List.of(hook, "jsonl:ok.jsonl"));
        SinkDeliveryEntity.State s = awaitDone(kit);
        assertEquals(List.of(SinkDeliveryEntity.ABANDONED, SinkDeliveryEntity.DELIVERED), s.outcome());
        assertEquals(3, calls.get());
        assertTrue(s.lastError().get(0).contains("gave up after 3 attempts"), s.lastError().get(0));
    }

    @Test
    void aStartSentAgainAfterRecoveryIsAcknowledgedAndDeliversNothingTwice() throws Exception {
        var kit = kit(704, SinkFixtures.settings(dir, ""));
        start(kit, 704, List.of("jsonl:again.jsonl"));
        awaitDone(kit);
        kit.restart(); // the standing order's starter re-sends a start whose acknowledgement it did not persist
        TestProbe<StatusReply<Done>> reply = KIT.createTestProbe();
        var again = kit.runCommand(new SinkDeliveryEntity.Start(704, "passwd-hunt",
                List.of(SinkSpec.parse("jsonl:again.jsonl")), CLOSED, reply.getRef()));
        assertTrue(reply.receiveMessage().isSuccess());
        assertTrue(again.events().isEmpty(), again.events().toString());
        reply.expectNoMessage(Duration.ofMillis(200));
        assertEquals(List.of(SinkDeliveryEntity.DELIVERED), kit.getState().outcome());
        assertEquals(2, Files.readAllLines(dir.resolve("out/again.jsonl")).size(), "JSON lines written once");
    }

    @Test
    void aRunNotFinishedYetIsLookedAtAgainUntilItIs() throws Exception {
        SinkSettings settings = SinkFixtures.settings(dir, "");
        RunResults run = SinkFixtures.run(703);
        AtomicInteger asked = new AtomicInteger();
        ResultSource source = id -> CompletableFuture.completedFuture(
                asked.incrementAndGet() < 3 ? Optional.empty() : Optional.of(run));
        var kit = EventSourcedBehaviorTestKit.<SinkDeliveryEntity.Command, SinkDeliveryEntity.Event,
                SinkDeliveryEntity.State>create(KIT.system(), SinkDeliveryEntity.create(
                PersistenceId.of("SinkDelivery", "703"), source, spec -> Sink.of(spec, settings), settings,
                Clock.systemUTC(), self -> { }));
        start(kit, 703, List.of("jsonl:late.jsonl"));
        awaitDone(kit);
        assertEquals(3, asked.get());
        assertEquals(2, Files.readAllLines(dir.resolve("out/late.jsonl")).size());
    }
}
