package io.gator.relay.local;

import io.gator.relay.ConsumerSink;
import io.gator.relay.IncomingMessage;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import io.gator.relay.RelayException;
import io.gator.relay.RelayUnavailableException;
import io.gator.relay.StaleDeliveryException;
import io.gator.relay.UnroutableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@link Relay} inside the JVM, for tests (this module's test-jar), with the broker's semantics:
 * direct exchanges, durable queues as in-memory queues (they live as long as this object),
 * per-consumer prefetch, manual ack/nack with redelivery (the redelivered flag is set), a
 * publish nobody is bound for fails with {@link UnroutableException}, per-message TTL (relative, as
 * RabbitMQ reads it), and a cancelled consumer's unacked messages go back to the head of the queue.
 * Consumers of one queue get messages round-robin. One lock guards all state: simple, and fast
 * enough in-memory.
 */
public final class LocalRelay implements Relay {
    private final Object lock = new Object();
    /** exchange name -> routing key -> bound queue names. */
    private final Map<String, Map<String, Set<String>>> exchanges = new HashMap<>();
    private final Map<String, LocalQueue> queues = new HashMap<>();
    private boolean closed;

    /** Declares a direct exchange; idempotent. */
    public void declareExchange(String name) {
        synchronized (lock) {
            exchanges.computeIfAbsent(name, n -> new HashMap<>());
        }
    }

    /** Declares a queue; idempotent. */
    public void declareQueue(String name) {
        synchronized (lock) {
            queues.computeIfAbsent(name, LocalQueue::new);
        }
    }

    /** Binds a queue to a direct exchange with a routing key. */
    public void bind(String queue, String exchange, String routingKey) {
        synchronized (lock) {
            Map<String, Set<String>> ex = exchanges.get(exchange);
            if (ex == null) {
                throw new RelayException("cannot bind: no exchange '" + exchange + "'");
            }
            if (!queues.containsKey(queue)) {
                throw new RelayException("cannot bind: no queue '" + queue + "'");
            }
            ex.computeIfAbsent(routingKey, k -> new LinkedHashSet<>()).add(queue);
        }
    }

    /** Number of ready (not delivered) messages in a queue, for tests and metrics. */
    public int readyCount(String queue) {
        synchronized (lock) {
            LocalQueue q = queues.get(queue);
            return q == null ? 0 : q.ready.size();
        }
    }

    /** Number of consumers registered on a queue, for tests and metrics. */
    public int consumerCount(String queue) {
        synchronized (lock) {
            LocalQueue q = queues.get(queue);
            return q == null ? 0 : q.consumers.size();
        }
    }

    /** Number of delivered but unsettled messages of a queue. */
    public int unackedCount(String queue) {
        synchronized (lock) {
            LocalQueue q = queues.get(queue);
            return q == null ? 0 : q.consumers.stream().mapToInt(c -> c.unacked.size()).sum();
        }
    }

    @Override
    public CompletionStage<Done> declareSchedulerTopology() {
        declareExchange(MigTopology.TO_AGENTS);
        declareExchange(MigTopology.TO_SCHEDULERS);
        for (String q : new String[] {MigTopology.RESULTS, MigTopology.HEARTBEATS}) {
            declareQueue(q);
            bind(q, MigTopology.TO_SCHEDULERS, q);
        }
        return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public CompletionStage<Done> declareAgentQueue(String queueLoc) {
        if (queueLoc == null || queueLoc.isBlank()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("queueLoc must not be blank"));
        }
        String q = MigTopology.agentQueue(queueLoc);
        try {
            declareQueue(q);
            bind(q, MigTopology.TO_AGENTS, q);
            return CompletableFuture.completedFuture(Done.getInstance());
        } catch (RelayException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Done> publish(OutgoingMessage m) {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new RelayUnavailableException("local relay is closed"));
            }
            Map<String, Set<String>> ex = exchanges.get(m.exchange());
            if (ex == null) {
                return CompletableFuture.failedFuture(
                        new RelayException("no exchange '" + m.exchange() + "' (NOT_FOUND)"));
            }
            Set<String> targets = ex.getOrDefault(m.routingKey(), Set.of());
            if (targets.isEmpty()) {
                return CompletableFuture.failedFuture(
                        new UnroutableException(m.exchange(), m.routingKey(), "312 NO_ROUTE"));
            }
            long expiresAt = m.expiration().map(ttl -> System.nanoTime() + ttl.toNanos()).orElse(Long.MAX_VALUE);
            for (String name : targets) {
                LocalQueue q = queues.get(name);
                q.ready.addLast(new Msg(m.routingKey(), m.body().clone(), expiresAt));
                q.dispatch();
            }
            return CompletableFuture.completedFuture(Done.getInstance());
        }
    }

    @Override
    public Source<IncomingMessage, ?> consume(String queue, int prefetch) {
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("queue must not be blank");
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be >= 1, got " + prefetch);
        }
        return Source.<IncomingMessage>queue(prefetch)
                .mapMaterializedValue(out -> start(queue, prefetch, ConsumerSink.toStream(out)))
                .watchTermination((c, done) -> {
                    done.whenComplete((d, e) -> c.cancel());
                    return NotUsed.notUsed();
                });
    }

    /**
     * Consumes without Pekko Streams (see {@link Relay#subscribe}). {@code onMessage} runs on the thread that
     * publishes or settles, under this relay's lock: it must pass the message on, as the contract says.
     */
    @Override
    public ConsumerHandle subscribe(String queue, int prefetch, java.util.function.Consumer<IncomingMessage> onMessage,
                                    ClassicActorSystemProvider system) {
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("queue must not be blank");
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be >= 1, got " + prefetch);
        }
        ConsumerSink.ToCallback<IncomingMessage> out = new ConsumerSink.ToCallback<>(onMessage, m -> true);
        Consumer c = start(queue, prefetch, out);
        return new ConsumerHandle() {
            @Override
            public void cancel() {
                out.end(null);
                c.cancel();
            }

            @Override
            public CompletionStage<Done> ended() {
                return out.ended();
            }
        };
    }

    private Consumer start(String queue, int prefetch, ConsumerSink<IncomingMessage> out) {
        synchronized (lock) {
            LocalQueue q = queues.get(queue);
            if (closed) {
                out.end(null);
                return new Consumer(null, prefetch, out);
            }
            if (q == null) {
                out.end(new RelayException("cannot consume: no queue '" + queue + "' (NOT_FOUND)"));
                return new Consumer(null, prefetch, out);
            }
            Consumer c = new Consumer(q, prefetch, out);
            q.consumers.add(c);
            q.dispatch();
            return c;
        }
    }

    /**
     * Completes every live consumer stream; idempotent. A stream that already ended (cancelled downstream,
     * failed, or completed by an earlier close) is skipped: close never throws for it.
     */
    @Override
    public void close() {
        List<Consumer> all = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            for (LocalQueue q : queues.values()) {
                all.addAll(q.consumers);
                q.consumers.clear();
            }
        }
        all.forEach(c -> c.out.end(null));
    }

    /** Completes a consumer's queue unless its stream has already ended (complete would then throw). */
    private static final class Msg {
        final String routingKey;
        final byte[] body;
        final long expiresAt;
        boolean redelivered;

        Msg(String routingKey, byte[] body, long expiresAt) {
            this.routingKey = routingKey;
            this.body = body;
            this.expiresAt = expiresAt;
        }
    }

    private final class LocalQueue {
        final String name;
        final Deque<Msg> ready = new ArrayDeque<>();
        final List<Consumer> consumers = new ArrayList<>();
        int next;

        LocalQueue(String name) {
            this.name = name;
        }

        /** Hands ready messages to consumers with room under their prefetch; caller holds the lock. */
        void dispatch() {
            while (!ready.isEmpty() && !consumers.isEmpty()) {
                Consumer target = null;
                for (int i = 0; i < consumers.size(); i++) {
                    Consumer c = consumers.get((next + i) % consumers.size());
                    if (c.unacked.size() < c.prefetch) {
                        target = c;
                        next = (next + i + 1) % consumers.size();
                        break;
                    }
                }
                if (target == null) {
                    return;
                }
                Msg m = ready.pollFirst();
                if (m.expiresAt != Long.MAX_VALUE && System.nanoTime() - m.expiresAt > 0) {
                    continue; // expired: dropped like RabbitMQ does at the queue head
                }
                Delivery d = new Delivery(target, m);
                target.unacked.add(d);
                if (!target.out.offer(d)) {
                    target.unacked.remove(d);
                    ready.addFirst(m);
                    consumers.remove(target); // its stream is gone
                }
            }
        }
    }

    private final class Consumer {
        final LocalQueue queue;
        final int prefetch;
        final ConsumerSink<IncomingMessage> out;
        final LinkedHashSet<Delivery> unacked = new LinkedHashSet<>();
        boolean cancelled;

        Consumer(LocalQueue queue, int prefetch, ConsumerSink<IncomingMessage> out) {
            this.queue = queue;
            this.prefetch = prefetch;
            this.out = out;
        }

        void cancel() {
            if (queue == null) {
                return;
            }
            synchronized (lock) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                queue.consumers.remove(this);
                List<Delivery> back = new ArrayList<>(unacked);
                unacked.clear();
                for (int i = back.size() - 1; i >= 0; i--) {
                    Msg m = back.get(i).msg;
                    m.redelivered = true;
                    queue.ready.addFirst(m);
                }
                queue.dispatch();
            }
        }
    }

    private final class Delivery implements IncomingMessage {
        final Consumer consumer;
        final Msg msg;
        final boolean redelivered;

        Delivery(Consumer consumer, Msg msg) {
            this.consumer = consumer;
            this.msg = msg;
            this.redelivered = msg.redelivered;
        }

        @Override
        public String queue() {
            return consumer.queue.name;
        }

        @Override
        public String routingKey() {
            return msg.routingKey;
        }

        @Override
        public byte[] body() {
            return msg.body.clone();
        }

        @Override
        public boolean redelivered() {
            return redelivered;
        }

        @Override
        public CompletionStage<Done> ack() {
            return settle(false, false);
        }

        @Override
        public CompletionStage<Done> nack(boolean requeue) {
            return settle(true, requeue);
        }

        private CompletionStage<Done> settle(boolean nack, boolean requeue) {
            synchronized (lock) {
                if (!consumer.unacked.remove(this)) {
                    return CompletableFuture.failedFuture(new StaleDeliveryException("delivery on queue '"
                            + consumer.queue.name + "' is already settled or its consumer is gone"));
                }
                if (nack && requeue) {
                    msg.redelivered = true;
                    consumer.queue.ready.addFirst(msg);
                }
                consumer.queue.dispatch();
                return CompletableFuture.completedFuture(Done.getInstance());
            }
        }
    }
}
