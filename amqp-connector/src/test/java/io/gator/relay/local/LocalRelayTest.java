package io.gator.relay.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.relay.IncomingMessage;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import io.gator.relay.RelayException;
import io.gator.relay.StaleDeliveryException;
import io.gator.relay.UnroutableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalRelayTest {
    private static ActorSystem system;
    private LocalRelay relay;

    @BeforeAll
    static void start() {
        system = ActorSystem.create("local-relay-test");
    }

    @AfterAll
    static void stop() {
        system.terminate();
    }

    @BeforeEach
    void topology() {
        relay = new LocalRelay();
        relay.declareSchedulerTopology().toCompletableFuture().join();
        relay.declareAgentQueue("linux.a1").toCompletableFuture().join();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(IncomingMessage m) {
        return new String(m.body(), StandardCharsets.UTF_8);
    }

    private void publishAgent(String body) {
        relay.publish(OutgoingMessage.toAgent("linux.a1", b(body), Optional.empty())).toCompletableFuture().join();
    }

    @Test
    void directExchangeRoutesByRoutingKeyToTheBoundQueueOnly() {
        relay.publish(OutgoingMessage.result(b("r1"), Optional.empty())).toCompletableFuture().join();
        relay.publish(OutgoingMessage.heartbeat(b("h1"), Optional.empty())).toCompletableFuture().join();
        publishAgent("c1");
        assertEquals(1, relay.readyCount(MigTopology.RESULTS));
        assertEquals(1, relay.readyCount(MigTopology.HEARTBEATS));
        assertEquals(1, relay.readyCount("mig.agt.linux.a1"));
        IncomingMessage m = relay.consume(MigTopology.RESULTS, 1).runWith(Sink.head(), system)
                .toCompletableFuture().join();
        assertEquals("r1", s(m));
        assertEquals(MigTopology.RESULTS, m.routingKey());
        assertEquals(MigTopology.RESULTS, m.queue());
        assertFalse(m.redelivered());
    }

    @Test
    void publishWithNoBoundQueueFailsAsUnroutableAndNothingIsStored() {
        CompletionException e = assertThrows(CompletionException.class, () -> relay
                .publish(OutgoingMessage.toAgent("linux.nobody", b("x"), Optional.empty())).toCompletableFuture().join());
        UnroutableException u = assertInstanceOf(UnroutableException.class, e.getCause());
        assertEquals("mig.agt.linux.nobody", u.routingKey());
        assertEquals(MigTopology.TO_AGENTS, u.exchange());
        assertEquals(0, relay.readyCount("mig.agt.linux.nobody"));
    }

    @Test
    void publishToAnUndeclaredExchangeFailsWithAClearError() {
        CompletionException e = assertThrows(CompletionException.class, () -> relay.publish(
                new OutgoingMessage("nowhere", "k", b("x"), Optional.empty(), java.time.Instant.now()))
                .toCompletableFuture().join());
        assertInstanceOf(RelayException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("nowhere"));
    }

    @Test
    void consumerNeverHoldsMoreThanPrefetchUnacked() {
        for (int i = 0; i < 10; i++) {
            publishAgent("c" + i);
        }
        TestSubscriber.Probe<IncomingMessage> probe = relay.consume("mig.agt.linux.a1", 3)
                .runWith(TestSink.create(system), system);
        probe.request(10);
        List<IncomingMessage> got = List.of(probe.expectNext(), probe.expectNext(), probe.expectNext());
        probe.expectNoMessage(java.time.Duration.ofMillis(200));
        assertEquals(3, relay.unackedCount("mig.agt.linux.a1"));
        assertEquals(7, relay.readyCount("mig.agt.linux.a1"));
        got.get(0).ack().toCompletableFuture().join();
        assertEquals("c3", s(probe.expectNext()));
        probe.cancel();
    }

    @Test
    void nackWithRequeueRedeliversWithTheRedeliveredFlagAndNackWithoutRequeueDrops() {
        publishAgent("c0");
        publishAgent("c1");
        TestSubscriber.Probe<IncomingMessage> probe = relay.consume("mig.agt.linux.a1", 1)
                .runWith(TestSink.create(system), system);
        probe.request(10);
        IncomingMessage first = probe.expectNext();
        assertEquals("c0", s(first));
        first.nack(true).toCompletableFuture().join();
        IncomingMessage again = probe.expectNext();
        assertEquals("c0", s(again));
        assertTrue(again.redelivered());
        again.nack(false).toCompletableFuture().join();
        IncomingMessage second = probe.expectNext();
        assertEquals("c1", s(second));
        assertFalse(second.redelivered());
        second.ack().toCompletableFuture().join();
        probe.expectNoMessage(java.time.Duration.ofMillis(100));
        assertEquals(0, relay.readyCount("mig.agt.linux.a1"));
        assertEquals(0, relay.unackedCount("mig.agt.linux.a1"));
        probe.cancel();
    }

    @Test
    void settlingTwiceOrAfterCancelFailsAsStaleAndLosesNothing() throws Exception {
        publishAgent("c0");
        publishAgent("c1");
        TestSubscriber.Probe<IncomingMessage> probe = relay.consume("mig.agt.linux.a1", 1)
                .runWith(TestSink.create(system), system);
        probe.request(1);
        IncomingMessage m = probe.expectNext();
        m.ack().toCompletableFuture().join();
        CompletionException twice = assertThrows(CompletionException.class, () -> m.ack().toCompletableFuture().join());
        assertInstanceOf(StaleDeliveryException.class, twice.getCause());
        probe.request(1);
        IncomingMessage m1 = probe.expectNext();
        probe.cancel();
        awaitTrue(() -> relay.unackedCount("mig.agt.linux.a1") == 0);
        CompletionException late = assertThrows(CompletionException.class, () -> m1.ack().toCompletableFuture().join());
        assertInstanceOf(StaleDeliveryException.class, late.getCause());
        assertEquals(1, relay.readyCount("mig.agt.linux.a1"), "c1 is back in the queue");
    }

    @Test
    void cancelledConsumerGivesItsUnackedMessagesBackInOrderAsRedelivered() throws Exception {
        for (int i = 0; i < 5; i++) {
            publishAgent("c" + i);
        }
        TestSubscriber.Probe<IncomingMessage> probe = relay.consume("mig.agt.linux.a1", 2)
                .runWith(TestSink.create(system), system);
        probe.request(2);
        probe.expectNext();
        probe.expectNext();
        probe.cancel();
        awaitTrue(() -> relay.unackedCount("mig.agt.linux.a1") == 0);
        List<IncomingMessage> all = relay.consume("mig.agt.linux.a1", 10)
                // ack before take: take(5) cancels the consumer, which would requeue a not-yet-acked fifth
                .mapAsync(1, m -> m.ack().thenApply(d -> m)).take(5).runWith(Sink.seq(), system)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4"), all.stream().map(LocalRelayTest::s).toList());
        assertEquals(List.of(true, true, false, false, false), all.stream().map(IncomingMessage::redelivered).toList());
    }

    @Test
    void twoConsumersShareAQueueAndEveryMessageIsDeliveredOnce() throws Exception {
        int n = 2000;
        CompletableFuture<List<IncomingMessage>> a = relay.consume(MigTopology.RESULTS, 10)
                .mapAsync(4, m -> m.ack().thenApply(d -> m)).takeWithin(java.time.Duration.ofSeconds(2))
                .runWith(Sink.seq(), system).toCompletableFuture();
        CompletableFuture<List<IncomingMessage>> c = relay.consume(MigTopology.RESULTS, 10)
                .mapAsync(4, m -> m.ack().thenApply(d -> m)).takeWithin(java.time.Duration.ofSeconds(2))
                .runWith(Sink.seq(), system).toCompletableFuture();
        for (int i = 0; i < n; i++) {
            relay.publish(OutgoingMessage.result(b("r" + i), Optional.empty()));
        }
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (IncomingMessage m : a.get(10, TimeUnit.SECONDS)) {
            seen.add(s(m));
            total++;
        }
        int fromA = total;
        for (IncomingMessage m : c.get(10, TimeUnit.SECONDS)) {
            seen.add(s(m));
            total++;
        }
        assertEquals(n, total);
        assertEquals(n, seen.size());
        assertTrue(fromA > 0 && fromA < n, "both consumers got work: " + fromA);
    }

    @Test
    void expiredMessagesAreNotDelivered() throws Exception {
        relay.publish(OutgoingMessage.toAgent("linux.a1", b("old"), Optional.of(Duration.ofMillis(1))))
                .toCompletableFuture().join();
        publishAgent("fresh");
        Thread.sleep(20);
        IncomingMessage m = relay.consume("mig.agt.linux.a1", 1).runWith(Sink.head(), system)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("fresh", s(m));
    }

    @Test
    void consumingAnUndeclaredQueueFailsTheStreamWithAClearError() {
        CompletionException e = assertThrows(CompletionException.class, () -> relay.consume("mig.agt.nope", 1)
                .runWith(Sink.head(), system).toCompletableFuture().join());
        assertTrue(e.getCause().getMessage().contains("mig.agt.nope"), e.getCause().getMessage());
    }

    @Test
    void closeCompletesConsumersAndFailsLaterPublishes() throws Exception {
        CompletableFuture<List<IncomingMessage>> run = relay.consume(MigTopology.RESULTS, 1)
                .toMat(Sink.seq(), Keep.right()).run(system).toCompletableFuture();
        Thread.sleep(50);
        relay.close();
        assertEquals(0, run.get(5, TimeUnit.SECONDS).size());
        assertThrows(CompletionException.class, () -> relay.publish(OutgoingMessage.result(b("x"), Optional.empty()))
                .toCompletableFuture().join());
    }

    @Test
    void closeIsIdempotentAndSkipsConsumerStreamsThatAlreadyEnded() throws Exception {
        // Streams torn down by their actor system's termination end before their termination callback
        // unregisters them: a close racing that teardown (or a second close) met completed queues and threw.
        ActorSystem other = ActorSystem.create("local-relay-ended");
        for (int i = 0; i < 200; i++) {
            relay.consume(i % 2 == 0 ? MigTopology.RESULTS : MigTopology.HEARTBEATS, 1).runWith(Sink.ignore(), other);
        }
        awaitTrue(() -> relay.consumerCount(MigTopology.RESULTS) + relay.consumerCount(MigTopology.HEARTBEATS) == 200);
        CompletableFuture<List<IncomingMessage>> live = relay.consume("mig.agt.linux.a1", 1)
                .toMat(Sink.seq(), Keep.right()).run(system).toCompletableFuture();
        awaitTrue(() -> relay.consumerCount("mig.agt.linux.a1") == 1);
        other.terminate();
        relay.close();
        relay.close();
        other.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        relay.close();
        assertEquals(0, live.get(5, TimeUnit.SECONDS).size(), "the live stream is completed by the first close");
        assertEquals(0, relay.consumerCount("mig.agt.linux.a1"));
    }

    @Test
    void subscribeWithoutAStreamDeliversInOrderUnderPrefetchAndCancelPutsUnackedBackFirst() throws Exception {
        for (int i = 0; i < 4; i++) {
            publishAgent("c" + i);
        }
        List<IncomingMessage> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        Relay.ConsumerHandle h = relay.subscribe("mig.agt.linux.a1", 2, got::add, system);
        assertEquals(List.of("c0", "c1"), got.stream().map(LocalRelayTest::s).toList(), "prefetch 2");
        got.get(0).ack().toCompletableFuture().join();
        assertEquals(List.of("c0", "c1", "c2"), got.stream().map(LocalRelayTest::s).toList());
        assertFalse(h.ended().toCompletableFuture().isDone());
        h.cancel();
        h.cancel();
        assertTrue(h.ended().toCompletableFuture().isDone());
        assertEquals(0, relay.consumerCount("mig.agt.linux.a1"));
        assertEquals(3, relay.readyCount("mig.agt.linux.a1"), "c1, c2 back in the queue, c3 never delivered");
        publishAgent("c4");
        assertEquals(3, got.size(), "nothing reaches a cancelled consumer");
        IncomingMessage again = relay.consume("mig.agt.linux.a1", 1).runWith(Sink.head(), system)
                .toCompletableFuture().join();
        assertEquals("c1", s(again));
        assertTrue(again.redelivered());
    }

    @Test
    void subscribingToAMissingQueueEndsTheConsumerAndCloseEndsLiveOnesNormally() throws Exception {
        Relay.ConsumerHandle missing = relay.subscribe("mig.agt.nope", 1, m -> { }, system);
        CompletionException e = assertThrows(CompletionException.class,
                () -> missing.ended().toCompletableFuture().join());
        assertTrue(e.getCause().getMessage().contains("mig.agt.nope"), e.getCause().getMessage());
        Relay.ConsumerHandle live = relay.subscribe(MigTopology.HEARTBEATS, 1, m -> { }, system);
        assertEquals(1, relay.consumerCount(MigTopology.HEARTBEATS));
        relay.close();
        live.ended().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(relay.subscribe(MigTopology.HEARTBEATS, 1, m -> { }, system).ended().toCompletableFuture()
                .isDone(), "a closed relay ends new consumers at once");
    }

    @Test
    void bodyIsCopiedOnPublish() {
        byte[] body = b("abc");
        relay.publish(OutgoingMessage.result(body, Optional.empty())).toCompletableFuture().join();
        body[0] = 'X';
        IncomingMessage m = relay.consume(MigTopology.RESULTS, 1).runWith(Sink.head(), system)
                .toCompletableFuture().join();
        assertArrayEquals(b("abc"), m.body());
    }

    static void awaitTrue(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
