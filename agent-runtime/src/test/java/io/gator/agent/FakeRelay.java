package io.gator.agent;

import io.gator.core.relay.IncomingMessage;
import io.gator.core.relay.OutgoingMessage;
import io.gator.core.relay.Relay;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Source;

/** A test double of the relay port for actor tests: hand in deliveries, read what was published and settled. */
public final class FakeRelay implements Relay {
    public final List<OutgoingMessage> published = new CopyOnWriteArrayList<>();
    public final List<String> settled = new CopyOnWriteArrayList<>();
    public final AtomicInteger consumeCalls = new AtomicInteger();
    public final AtomicInteger failNextConsumes = new AtomicInteger();
    public final AtomicInteger failNextPublishes = new AtomicInteger();
    private final AtomicReference<BoundedSourceQueue<IncomingMessage>> queue = new AtomicReference<>();

    @Override
    public CompletionStage<Done> declareSchedulerTopology() {
        return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public CompletionStage<Done> declareAgentQueue(String queueLoc) {
        return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public CompletionStage<Done> publish(OutgoingMessage message) {
        if (failNextPublishes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
        }
        published.add(message);
        return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public Source<IncomingMessage, ?> consume(String q, int prefetch) {
        consumeCalls.incrementAndGet();
        if (failNextConsumes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Source.failed(new IllegalStateException("connection refused"));
        }
        return Source.<IncomingMessage>queue(1000).mapMaterializedValue(bq -> {
            queue.set(bq);
            return bq;
        });
    }

    /** Forgets the current consumer (a test starting another agent waits for its subscription). */
    public void unsubscribe() {
        queue.set(null);
    }

    /** Whether a consumer is subscribed. */
    public boolean subscribed() {
        return queue.get() != null;
    }

    /** Delivers a body tagged {@code tag} (visible in {@link #settled} as "ack:tag" or "nack:tag"). */
    public void deliver(String tag, byte[] body) {
        queue.get().offer(new IncomingMessage() {
            @Override
            public String queue() {
                return "mig.agt.test";
            }

            @Override
            public String routingKey() {
                return "mig.agt.test";
            }

            @Override
            public byte[] body() {
                return body;
            }

            @Override
            public boolean redelivered() {
                return false;
            }

            @Override
            public CompletionStage<Done> ack() {
                settled.add("ack:" + tag);
                return CompletableFuture.completedFuture(Done.getInstance());
            }

            @Override
            public CompletionStage<Done> nack(boolean requeue) {
                settled.add("nack:" + tag);
                return CompletableFuture.completedFuture(Done.getInstance());
            }
        });
    }

    @Override
    public void close() {}
}
