package io.gator.relay.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.typesafe.config.ConfigFactory;
import io.gator.relay.IncomingMessage;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import io.gator.relay.RelayException;
import io.gator.relay.StaleDeliveryException;
import io.gator.relay.UnroutableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AmqpRelay against the real RabbitMQ on 127.0.0.1, in a vhost of its own. */
class AmqpRelayTest {
    private static final String PAD = "x".repeat(400);
    private static ActorSystem system;
    private static RabbitVhost vhost;
    private static AmqpSettings settings;
    private static AmqpRelay relay;

    @BeforeAll
    static void start() {
        system = ActorSystem.create("amqp-relay-test");
        vhost = new RabbitVhost();
        settings = AmqpSettings.fromRoot(ConfigFactory.load()).withUri(vhost.uri())
                .withConnectionName("gator-test-" + vhost.name);
        relay = AmqpRelay.start(settings);
        assertTrue(relay.isConnected(), "connected to the local RabbitMQ");
        relay.declareSchedulerTopology().toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            relay.close();
        }
        if (vhost != null) {
            vhost.close();
        }
        system.terminate();
    }

    /** Declares agent queue {@code queueLoc} and puts five confirmed messages in it, ids {@code prefix}0..4. */
    private void declareWithFiveMessages(String queueLoc, String prefix) throws Exception {
        relay.declareAgentQueue(queueLoc).toCompletableFuture().join();
        for (int i = 0; i < 5; i++) {
            relay.publish(OutgoingMessage.toAgent(queueLoc, body(prefix + i), Optional.empty()))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    private static byte[] body(String id) {
        return ("{\"id\":\"" + id + "\",\"pad\":\"" + PAD + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String id(IncomingMessage m) {
        String s = new String(m.body(), StandardCharsets.UTF_8);
        return s.substring(7, s.indexOf('"', 7));
    }

    @Test
    void declaresMigTopologyExactly() {
        relay.declareAgentQueue("linux.topo").toCompletableFuture().join();
        relay.declareSchedulerTopology().toCompletableFuture().join(); // idempotent
        String exchanges = RabbitVhost.ctl("list_exchanges", "-p", vhost.name, "name", "type", "durable");
        assertTrue(exchanges.contains("toagents\tdirect\ttrue"), exchanges);
        assertTrue(exchanges.contains("toschedulers\tdirect\ttrue"), exchanges);
        String queues = RabbitVhost.ctl("list_queues", "-p", vhost.name, "name", "durable", "auto_delete", "exclusive");
        for (String q : List.of("mig.agt.results", "mig.agt.heartbeats", "mig.agt.linux.topo")) {
            assertTrue(queues.contains(q + "\ttrue\tfalse\tfalse"), queues);
        }
        String bindings = RabbitVhost.ctl("list_bindings", "-p", vhost.name, "source_name", "destination_name",
                "destination_kind", "routing_key");
        assertTrue(bindings.contains("toschedulers\tmig.agt.results\tqueue\tmig.agt.results"), bindings);
        assertTrue(bindings.contains("toschedulers\tmig.agt.heartbeats\tqueue\tmig.agt.heartbeats"), bindings);
        assertTrue(bindings.contains("toagents\tmig.agt.linux.topo\tqueue\tmig.agt.linux.topo"), bindings);
    }

    @Test
    void publishedPropertiesAreMigsAndNothingElse() throws Exception {
        relay.declareAgentQueue("linux.props").toCompletableFuture().join();
        Instant ts = Instant.parse("2026-11-23T10:00:00Z");
        relay.publish(new OutgoingMessage(MigTopology.TO_AGENTS, "mig.agt.linux.props", body("p1"),
                Optional.of(Duration.ofMillis(360000)), ts)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        relay.publish(new OutgoingMessage(MigTopology.TO_AGENTS, "mig.agt.linux.props", body("p2"),
                Optional.empty(), ts)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        try (Connection raw = vhost.rawConnection(); Channel ch = raw.createChannel()) {
            GetResponse r1 = ch.basicGet("mig.agt.linux.props", true);
            assertNotNull(r1);
            AMQP.BasicProperties p = r1.getProps();
            assertEquals("text/plain", p.getContentType());
            assertEquals(2, p.getDeliveryMode());
            assertEquals("360000", p.getExpiration());
            assertEquals(ts.getEpochSecond(), p.getTimestamp().toInstant().getEpochSecond());
            assertNull(p.getHeaders());
            assertNull(p.getMessageId());
            assertNull(p.getCorrelationId());
            assertNull(p.getAppId());
            assertNull(p.getReplyTo());
            assertNull(p.getContentEncoding());
            assertNull(p.getPriority());
            assertNull(p.getType());
            assertNull(p.getUserId());
            assertEquals("toagents", r1.getEnvelope().getExchange());
            assertEquals("mig.agt.linux.props", r1.getEnvelope().getRoutingKey());
            assertTrue(Arrays.equals(body("p1"), r1.getBody()));
            GetResponse r2 = ch.basicGet("mig.agt.linux.props", true);
            assertNull(r2.getProps().getExpiration(), "no expiration when the message has none");
            assertEquals(2, r2.getProps().getDeliveryMode());
        }
    }

    @Test
    void expirationModeAbsoluteWritesEpochMillisAndOffWritesNothing() {
        OutgoingMessage m = new OutgoingMessage(MigTopology.TO_AGENTS, "k", body("e"),
                Optional.of(Duration.ofSeconds(300)), Instant.ofEpochMilli(1_795_417_608_000L));
        assertEquals("300000", relay.properties(m).getExpiration());
        AmqpRelay abs = AmqpRelay.start(settings.withExpiration(AmqpSettings.ExpirationMode.ABSOLUTE));
        AmqpRelay off = AmqpRelay.start(settings.withExpiration(AmqpSettings.ExpirationMode.OFF));
        try {
            assertEquals(Long.toString(1_795_417_608_000L + 300_000), abs.properties(m).getExpiration());
            assertNull(off.properties(m).getExpiration());
        } finally {
            abs.close();
            off.close();
        }
    }

    @Test
    void unroutablePublishFailsWithUnroutableExceptionWhileRoutedOnesInTheSameBurstSucceed() throws Exception {
        relay.declareAgentQueue("linux.routed").toCompletableFuture().join();
        List<CompletableFuture<?>> ok = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ok.add(relay.publish(OutgoingMessage.toAgent("linux.routed", body("r" + i), Optional.empty()))
                    .toCompletableFuture());
        }
        CompletableFuture<?> lost = relay.publish(OutgoingMessage.toAgent("linux.nobody", body("u"), Optional.empty()))
                .toCompletableFuture();
        for (int i = 200; i < 400; i++) {
            ok.add(relay.publish(OutgoingMessage.toAgent("linux.routed", body("r" + i), Optional.empty()))
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(ok.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        CompletionException e = assertThrows(CompletionException.class, lost::join);
        UnroutableException u = assertInstanceOf(UnroutableException.class, e.getCause());
        assertEquals("mig.agt.linux.nobody", u.routingKey());
        assertTrue(u.getMessage().contains("NO_ROUTE"), u.getMessage());
    }

    @Test
    void tenThousandMessagesArePublishedWithConfirmsAndConsumedOnceEach() throws Exception {
        int n = 10_000;
        long t0 = System.nanoTime();
        List<CompletableFuture<?>> confirms = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            confirms.add(relay.publish(OutgoingMessage.result(body("m" + i), Optional.of(Duration.ofMinutes(5))))
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(confirms.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        double pubRate = n / ((System.nanoTime() - t0) / 1e9);
        long t1 = System.nanoTime();
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        relay.consume(MigTopology.RESULTS, 500)
                .mapAsync(8, m -> m.ack().thenApply(d -> m))
                .take(n)
                .runForeach(m -> seen.merge(id(m), 1, Integer::sum), system)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        double conRate = n / ((System.nanoTime() - t1) / 1e9);
        System.out.printf("AMQP throughput: publish with confirms %.0f msg/s, consume+ack %.0f msg/s (%d msgs)%n",
                pubRate, conRate, n);
        assertEquals(n, seen.size(), "none lost");
        assertTrue(seen.values().stream().allMatch(c -> c == 1), "none duplicated");
        assertEquals(0, messageCount(MigTopology.RESULTS), "all acked");
    }

    @Test
    void prefetchBoundsUnackedAndNackOrCancelBeforeAckRedelivers() throws Exception {
        declareWithFiveMessages("linux.nack", "n");
        TestSubscriber.Probe<IncomingMessage> probe = relay.consume("mig.agt.linux.nack", 2)
                .runWith(TestSink.create(system), system);
        probe.request(5);
        IncomingMessage a = probe.expectNext(Duration.ofSeconds(5));
        IncomingMessage b = probe.expectNext(Duration.ofSeconds(5));
        probe.expectNoMessage(Duration.ofMillis(300)); // prefetch 2: nothing more until a settle
        assertEquals("n0", id(a));
        assertFalse(a.redelivered());
        a.nack(true).toCompletableFuture().join();
        IncomingMessage again = probe.expectNext(Duration.ofSeconds(5));
        assertEquals("n0", id(again));
        assertTrue(again.redelivered());
        assertThrows(CompletionException.class, () -> a.ack().toCompletableFuture().join(), "settled twice");
        probe.cancel(); // b and again never acked
        Set<String> redelivered = ConcurrentHashMap.newKeySet();
        List<String> ids = relay.consume("mig.agt.linux.nack", 10)
                .mapAsync(1, m -> m.ack().thenApply(d -> m))
                .take(5)
                .map(m -> {
                    if (m.redelivered()) {
                        redelivered.add(id(m));
                    }
                    return id(m);
                })
                .runWith(Sink.seq(), system).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(Set.of("n0", "n1", "n2", "n3", "n4"), Set.copyOf(ids));
        assertTrue(redelivered.containsAll(Set.of("n0", id(b))), "unacked ones came back redelivered: " + redelivered);
        assertEquals(0, messageCount("mig.agt.linux.nack"));
    }

    @Test
    void brokerClosingConnectionsMidStreamLosesNothingAndStaleAcksFailCleanly() throws Exception {
        relay.declareAgentQueue("linux.reconnect").toCompletableFuture().join();
        String q = "mig.agt.linux.reconnect";
        int n = 5000;
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        Set<String> seenRedelivered = ConcurrentHashMap.newKeySet();
        AtomicInteger staleAcks = new AtomicInteger();
        long connectsAtStart = relay.connectCount();
        // Acks wait until the broker's kill landed (rabbitmqctl may need seconds on a loaded machine), so the
        // kill always finds unacked deliveries in hand, however fast publishing and consuming are.
        CompletableFuture<Void> killLanded = CompletableFuture.runAsync(() -> {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (relay.connectCount() == connectsAtStart && System.nanoTime() < until) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        CompletableFuture<?> consumed = relay.consume(q, 100)
                .throttle(1500, Duration.ofSeconds(1)) // slower than publishing: unacked in hand when the broker kills us
                .mapAsync(4, m -> killLanded.thenCompose(x -> m.ack()).handle((d, e) -> {
                    if (e != null) {
                        assertInstanceOf(StaleDeliveryException.class, e instanceof CompletionException ? e.getCause() : e);
                        staleAcks.incrementAndGet();
                    }
                    return m;
                }))
                .map(m -> {
                    seen.computeIfAbsent(id(m), k -> new AtomicInteger()).incrementAndGet();
                    if (m.redelivered()) {
                        seenRedelivered.add(id(m));
                    }
                    return m;
                })
                .takeWhile(m -> seen.size() < n, true)
                .runWith(Sink.ignore(), system).toCompletableFuture();
        long connectsBefore = relay.connectCount();
        Set<String> retried = ConcurrentHashMap.newKeySet();
        List<String> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pending.add("c" + i);
        }
        CompletableFuture<Void> kill = null;
        int rounds = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            List<String> batch = pending.subList(0, Math.min(250, pending.size()));
            Map<String, CompletableFuture<?>> inFlight = new java.util.LinkedHashMap<>();
            for (String id : batch) {
                inFlight.put(id, relay.publish(OutgoingMessage.toAgent("linux.reconnect", body(id), Optional.empty()))
                        .toCompletableFuture());
            }
            if (kill == null && ++rounds == 2) {
                // rabbitmqctl needs a second or two to start: it lands while publishing and consuming go on
                kill = CompletableFuture.runAsync(
                        () -> RabbitVhost.ctl("close_all_connections", "--vhost", vhost.name, "test"));
            }
            List<String> failed = new ArrayList<>();
            for (Map.Entry<String, CompletableFuture<?>> e : inFlight.entrySet()) {
                try {
                    e.getValue().get(15, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException ex) {
                    assertInstanceOf(RelayException.class, ex.getCause());
                    failed.add(e.getKey());
                }
            }
            batch.clear();
            retried.addAll(failed);
            pending.addAll(0, failed);
            Thread.sleep(failed.isEmpty() ? 50 : 200); // paced publisher; callers retry with backoff
        }
        assertTrue(pending.isEmpty(), "all published within 20 s, left: " + pending.size());
        consumed.get(20, TimeUnit.SECONDS);
        System.out.printf("reconnect test: %d ids, %d retried publishes, %d redelivered, %d stale acks, %d connects%n",
                n, retried.size(), seenRedelivered.size(), staleAcks.get(), relay.connectCount());
        assertFalse(seenRedelivered.isEmpty(), "unacked deliveries of the dead channel came back redelivered");
        kill.get(20, TimeUnit.SECONDS);
        assertTrue(relay.connectCount() > connectsBefore, "the relay reconnected");
        assertEquals(n, seen.size(), "every id consumed at least once");
        for (Map.Entry<String, AtomicInteger> e : seen.entrySet()) {
            if (e.getValue().get() > 1) {
                assertTrue(seenRedelivered.contains(e.getKey()) || retried.contains(e.getKey()),
                        "duplicate " + e.getKey() + " is a redelivery or a retried publish");
            }
        }
        awaitTrue(() -> messageCount(q) == 0);
    }

    @Test
    void ackAfterTheConnectionDiedFailsAsStaleAndTheMessageComesBackRedelivered() throws Exception {
        relay.declareAgentQueue("linux.stale").toCompletableFuture().join();
        relay.publish(OutgoingMessage.toAgent("linux.stale", body("s1"), Optional.empty()))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        TestSubscriber.Probe<IncomingMessage> probe = relay.consume("mig.agt.linux.stale", 1)
                .runWith(TestSink.create(system), system);
        probe.request(1);
        IncomingMessage first = probe.expectNext(Duration.ofSeconds(5));
        long before = relay.connectCount();
        RabbitVhost.ctl("close_all_connections", "--vhost", vhost.name, "test");
        awaitTrue(() -> relay.connectCount() > before);
        CompletionException e = assertThrows(CompletionException.class, () -> first.ack().toCompletableFuture().join());
        assertInstanceOf(StaleDeliveryException.class, e.getCause());
        probe.request(1);
        IncomingMessage again = probe.expectNext(Duration.ofSeconds(10));
        assertEquals("s1", id(again));
        assertTrue(again.redelivered());
        again.ack().toCompletableFuture().join();
        probe.cancel();
        awaitTrue(() -> messageCount("mig.agt.linux.stale") == 0);
    }

    @Test
    void subscribeWithoutAStreamDeliversInOrderUnderPrefetchAndCancelRedelivers() throws Exception {
        declareWithFiveMessages("linux.sub", "s");
        java.util.concurrent.BlockingQueue<IncomingMessage> got = new java.util.concurrent.LinkedBlockingQueue<>();
        Relay.ConsumerHandle h = relay.subscribe("mig.agt.linux.sub", 2, got::add, system);
        IncomingMessage a = got.poll(5, TimeUnit.SECONDS);
        IncomingMessage b = got.poll(5, TimeUnit.SECONDS);
        assertNull(got.poll(300, TimeUnit.MILLISECONDS), "prefetch 2: nothing more until a settle");
        assertEquals(List.of("s0", "s1"), List.of(id(a), id(b)));
        a.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("s2", id(got.poll(5, TimeUnit.SECONDS)));
        assertFalse(h.ended().toCompletableFuture().isDone());
        h.cancel(); // b and s2 never acked
        h.ended().toCompletableFuture().get(5, TimeUnit.SECONDS);
        awaitTrue(() -> consumerCount("mig.agt.linux.sub") == 0);
        awaitTrue(() -> messageCount("mig.agt.linux.sub") == 4);
        h.cancel(); // idempotent
    }

    @Test
    void subscribingToAMissingQueueEndsTheConsumerWithTheQueueName() {
        Relay.ConsumerHandle h = relay.subscribe("mig.agt.nope-sub", 1, m -> { }, system);
        CompletionException e = assertThrows(CompletionException.class, () -> h.ended().toCompletableFuture().join());
        assertTrue(e.getCause().getMessage().contains("mig.agt.nope-sub"), e.getCause().getMessage());
        assertTrue(relay.isConnected(), "a channel error does not take the connection down");
    }

    @Test
    void closeEndsSubscribedConsumersNormally() throws Exception {
        AmqpRelay r = AmqpRelay.start(settings.withConnectionName("gator-test-close-sub-" + vhost.name));
        try {
            Relay.ConsumerHandle h = r.subscribe(MigTopology.HEARTBEATS, 1, m -> { }, system);
            awaitTrue(() -> consumerCount(MigTopology.HEARTBEATS) == 1);
            r.close();
            h.ended().toCompletableFuture().get(5, TimeUnit.SECONDS);
            h.cancel();
        } finally {
            r.close();
        }
    }

    @Test
    void consumingAMissingQueueFailsTheStreamWithTheQueueName() {
        CompletionException e = assertThrows(CompletionException.class, () -> relay.consume("mig.agt.nope", 1)
                .runWith(Sink.head(), system).toCompletableFuture().join());
        assertTrue(e.getCause().getMessage().contains("mig.agt.nope"), e.getCause().getMessage());
        assertTrue(relay.isConnected(), "a channel error does not take the connection down");
    }

    @Test
    void closeIsIdempotentAndSkipsConsumerStreamsThatAlreadyEnded() throws Exception {
        // a relay of its own: closing the shared one would end the other tests
        AmqpRelay r = AmqpRelay.start(settings.withConnectionName("gator-test-close-" + vhost.name));
        ActorSystem other = ActorSystem.create("amqp-relay-ended");
        try {
            r.declareAgentQueue("linux.close").toCompletableFuture().get(5, TimeUnit.SECONDS);
            // Streams torn down by their actor system's termination end before their termination callback
            // unregisters them: a close racing that teardown (or a second close) met completed queues and threw.
            for (int i = 0; i < 100; i++) {
                r.consume("mig.agt.linux.close", 1).runWith(Sink.ignore(), other);
            }
            awaitTrue(() -> consumerCount("mig.agt.linux.close") == 100);
            CompletableFuture<List<IncomingMessage>> live = r.consume(MigTopology.HEARTBEATS, 1)
                    .runWith(Sink.seq(), system).toCompletableFuture();
            awaitTrue(() -> consumerCount(MigTopology.HEARTBEATS) == 1);
            other.terminate();
            r.close();
            r.close();
            other.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
            r.close();
            assertEquals(0, live.get(5, TimeUnit.SECONDS).size(), "the live stream is completed by the first close");
            assertFalse(r.isConnected());
        } finally {
            other.terminate();
            r.close();
        }
    }

    @Test
    void endingAConsumerQueueWhoseStreamAlreadyEndedIsANoOp() {
        // the guard close() and the broker-cancel path rely on: a second complete/fail must not throw
        org.apache.pekko.japi.Pair<org.apache.pekko.stream.BoundedSourceQueue<IncomingMessage>,
                org.apache.pekko.stream.javadsl.Source<IncomingMessage, org.apache.pekko.NotUsed>> pre =
                org.apache.pekko.stream.javadsl.Source.<IncomingMessage>queue(1).preMaterialize(system);
        CompletableFuture<List<IncomingMessage>> out = pre.second().runWith(Sink.seq(), system).toCompletableFuture();
        io.gator.relay.ConsumerSink.endQuietly(pre.first(), null);
        assertTrue(pre.first().isCompleted());
        io.gator.relay.ConsumerSink.endQuietly(pre.first(), null);
        io.gator.relay.ConsumerSink.endQuietly(pre.first(), new RelayException("late failure"));
        assertEquals(List.of(), out.join(), "completed normally by the first call, the later ones change nothing");
    }

    private static long consumerCount(String queue) throws Exception {
        try (Connection raw = vhost.rawConnection(); Channel ch = raw.createChannel()) {
            return ch.queueDeclarePassive(queue).getConsumerCount();
        }
    }

    @Test
    void settingsComeFromReferenceConfAndRejectBadValues() {
        AmqpSettings d = AmqpSettings.fromRoot(ConfigFactory.load());
        assertEquals("mig", d.vhost());
        assertEquals(AmqpSettings.ExpirationMode.RELATIVE, d.expiration());
        assertEquals(Duration.ofSeconds(600), d.heartbeat());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> AmqpSettings.fromConfig(
                ConfigFactory.parseString("uri = \"http://x/\"").withFallback(
                        ConfigFactory.load().getConfig("gator.relay.amqp"))));
        assertTrue(bad.getMessage().contains("gator.relay.amqp.uri"), bad.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class, () -> AmqpSettings.fromConfig(
                ConfigFactory.parseString("expiration = sometimes").withFallback(
                        ConfigFactory.load().getConfig("gator.relay.amqp"))));
        assertTrue(mode.getMessage().contains("expiration"), mode.getMessage());
        assertEquals("/", d.withUri(java.net.URI.create("amqp://h")).vhost());
        assertEquals(4, d.publishChannels());
        IllegalArgumentException channels = assertThrows(IllegalArgumentException.class, () -> AmqpSettings.fromConfig(
                ConfigFactory.parseString("publish-channels = 0").withFallback(
                        ConfigFactory.load().getConfig("gator.relay.amqp"))));
        assertTrue(channels.getMessage().contains("publish-channels"), channels.getMessage());
        assertEquals(0, d.consumerThreads(), "the AMQP client's own pool unless configured");
        assertEquals(1, d.withConsumerThreads(1).consumerThreads());
        IllegalArgumentException threads = assertThrows(IllegalArgumentException.class, () -> AmqpSettings.fromConfig(
                ConfigFactory.parseString("consumer-threads = -1").withFallback(
                        ConfigFactory.load().getConfig("gator.relay.amqp"))));
        assertTrue(threads.getMessage().contains("consumer-threads"), threads.getMessage());
    }

    @Test
    void consumerThreadsRunEveryConsumerCallbackOnTheRelaysOwnThreads() throws Exception {
        AmqpRelay r = AmqpRelay.start(settings.withConnectionName("gator-test-lean-" + vhost.name)
                .withConsumerThreads(1).withPublishChannels(1));
        try {
            r.declareAgentQueue("linux.lean").toCompletableFuture().get(5, TimeUnit.SECONDS);
            java.util.concurrent.BlockingQueue<String> threads = new java.util.concurrent.LinkedBlockingQueue<>();
            Relay.ConsumerHandle h1 = r.subscribe("mig.agt.linux.lean", 5, m -> {
                threads.add(Thread.currentThread().getName());
                m.ack();
            }, system);
            Relay.ConsumerHandle h2 = r.subscribe(MigTopology.HEARTBEATS, 5, m -> {
                threads.add(Thread.currentThread().getName());
                m.ack();
            }, system);
            awaitTrue(() -> consumerCount("mig.agt.linux.lean") == 1 && consumerCount(MigTopology.HEARTBEATS) == 1);
            for (int i = 0; i < 3; i++) {
                r.publish(OutgoingMessage.toAgent("linux.lean", body("l" + i), Optional.empty()))
                        .toCompletableFuture().get(5, TimeUnit.SECONDS);
                r.publish(OutgoingMessage.heartbeat(body("h" + i), Optional.empty()))
                        .toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
            Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < 6; i++) {
                names.add(threads.poll(5, TimeUnit.SECONDS));
            }
            assertEquals(Set.of("gator-relay-consumer-1"), names, "both channels' callbacks on the one thread");
            h1.cancel();
            h2.cancel();
        } finally {
            r.close();
        }
    }

    @Test
    void publishesSpreadOverSeveralConfirmChannelsAreEachConfirmedOnce() throws Exception {
        RabbitVhost own = new RabbitVhost(); // only this relay's channels in it
        AmqpRelay r = AmqpRelay.start(settings.withUri(own.uri()).withPublishChannels(3)
                .withConnectionName("gator-test-channels"));
        try {
            r.declareSchedulerTopology().toCompletableFuture().join();
            r.declareAgentQueue("linux.channels").toCompletableFuture().join();
            List<CompletableFuture<?>> fs = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                fs.add(r.publish(OutgoingMessage.toAgent("linux.channels", body("ch" + i), Optional.empty()))
                        .toCompletableFuture());
            }
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            awaitTrue(() -> {
                try (Connection raw = own.rawConnection(); Channel ch = raw.createChannel()) {
                    return ch.queueDeclarePassive("mig.agt.linux.channels").getMessageCount() == 3000;
                }
            });
            String channels = RabbitVhost.ctl("list_channels", "vhost", "confirm", "--no-table-headers", "--quiet");
            assertEquals(3, channels.lines().filter(l -> l.startsWith(own.name) && l.contains("true")).count(), channels);
        } finally {
            r.close();
            own.close();
        }
    }

    @Test
    void publishWhileTheBrokerIsUnreachableFailsFastWithRelayUnavailable() {
        AmqpRelay down = AmqpRelay.start(settings.withUri(java.net.URI.create("amqp://guest:guest@127.0.0.1:1/x")));
        try {
            assertFalse(down.isConnected());
            long t0 = System.nanoTime();
            CompletionException e = assertThrows(CompletionException.class, () -> down
                    .publish(OutgoingMessage.result(body("d"), Optional.empty())).toCompletableFuture().join());
            assertInstanceOf(io.gator.relay.RelayUnavailableException.class, e.getCause());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "fails fast");
            CompletionException d = assertThrows(CompletionException.class,
                    () -> down.declareSchedulerTopology().toCompletableFuture().join());
            assertInstanceOf(io.gator.relay.RelayUnavailableException.class, d.getCause());
        } finally {
            down.close();
        }
    }

    @Test
    void aRelayStartedBeforeItsVhostExistsRetriesWithGrowingDelaysCappedAtMaxBackoff() throws Exception {
        String name = "gator-test-late-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        // no jitter: 50 ms doubling up to 400 ms, so a minute of trying is a few dozen attempts, not thousands
        AmqpSettings late = new AmqpSettings(java.net.URI.create("amqp://guest:guest@127.0.0.1:5672/" + name),
                "gator-test-late", settings.heartbeat(), settings.connectionTimeout(), settings.confirmTimeout(),
                settings.expiration(), Duration.ofMillis(50), Duration.ofMillis(400), 0.0, Optional.empty(),
                Optional.empty(), Optional.empty());
        AmqpRelay r = AmqpRelay.start(late);
        try {
            assertFalse(r.isConnected(), "the vhost does not exist yet");
            Thread.sleep(2000);
            long failed = r.failedConnectCount();
            // 0, .1, .3, .7, 1.1, 1.5, 1.9 s: about 7; a fixed 50 ms delay would make about 40
            assertTrue(failed >= 3 && failed <= 15, "attempts in 2 s with backoff: " + failed);
            RabbitVhost.ctl("add_vhost", name);
            RabbitVhost.ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
            long t0 = System.nanoTime();
            awaitTrue(r::isConnected);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            // the delay stopped growing at 400 ms; uncapped it would be 3.2 s by now
            assertTrue(ms < 1500, "connected " + ms + " ms after the vhost appeared");
            assertEquals(1, r.connectCount());
        } finally {
            r.close();
            RabbitVhost.ctl("delete_vhost", name);
        }
    }

    @Test
    void publishesNotConfirmedWithinTheTimeoutFailWithTimeoutException() throws Exception {
        AmqpSettings tight = new AmqpSettings(settings.uri(), "gator-test-timeout", settings.heartbeat(),
                settings.connectionTimeout(), Duration.ofMillis(1), settings.expiration(), settings.minBackoff(),
                settings.maxBackoff(), settings.randomFactor(), Optional.empty(), Optional.empty(), Optional.empty());
        AmqpRelay r = AmqpRelay.start(tight);
        try {
            List<CompletableFuture<?>> fs = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                fs.add(r.publish(OutgoingMessage.heartbeat(body("t" + i), Optional.empty())).toCompletableFuture());
            }
            int timedOut = 0;
            for (CompletableFuture<?> f : fs) {
                try {
                    f.get(5, TimeUnit.SECONDS); // every stage settles one way or the other
                } catch (java.util.concurrent.ExecutionException e) {
                    assertInstanceOf(java.util.concurrent.TimeoutException.class, e.getCause());
                    assertTrue(e.getCause().getMessage().contains("mig.agt.heartbeats"), e.getCause().getMessage());
                    timedOut++;
                }
            }
            assertTrue(timedOut > 0, "a 1 ms confirm timeout must expire some of 3000 persistent publishes");
        } finally {
            r.close();
        }
    }

    private static long messageCount(String queue) throws Exception {
        try (Connection raw = vhost.rawConnection(); Channel ch = raw.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void awaitTrue(Check cond) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.ok()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(50);
        }
    }
}
