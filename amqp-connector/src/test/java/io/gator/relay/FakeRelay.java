package io.gator.relay;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The relay double of the actor tests. Publishes are confirmed at once ({@link #FakeRelay()}) or held until the
 * test settles them ({@link #holding()}), as a broker's confirms would be; {@link #down},
 * {@link #failNextPublishes} and {@link #failNextConsumes} act as a broker outage. A test hands deliveries in with {@link #deliver} and reads
 * what was published ({@link #published}, confirmed only) and settled ({@link #settled}).
 */
public final class FakeRelay implements Relay {
    /** A publish the relay was asked for, and its confirm. */
    public record Pending(OutgoingMessage message, long atNanos, CompletableFuture<Done> confirm) {}

    /** Confirmed publishes, in confirm order. */
    public final List<OutgoingMessage> published = new CopyOnWriteArrayList<>();
    /** Every publish asked for, failed ones included. */
    public final List<Pending> attempts = new CopyOnWriteArrayList<>();
    /** Held publishes not yet settled (only when holding). */
    public final List<Pending> pending = new CopyOnWriteArrayList<>();
    /** "ack:tag" or "nack:tag" per settled delivery, in order. */
    public final List<String> settled = new CopyOnWriteArrayList<>();
    public final AtomicInteger consumeCalls = new AtomicInteger();
    public final AtomicInteger failNextConsumes = new AtomicInteger();
    public final AtomicInteger failNextPublishes = new AtomicInteger();
    /** While set, every publish fails as in a broker outage. */
    public final AtomicBoolean down = new AtomicBoolean();
    private final AtomicReference<BoundedSourceQueue<IncomingMessage>> queue = new AtomicReference<>();
    private final boolean hold;

    /** Confirms every publish at once. */
    public FakeRelay() {
        this(false);
    }

    private FakeRelay(boolean hold) {
        this.hold = hold;
    }

    /** Holds every publish until {@link #settle} confirms or fails it. */
    public static FakeRelay holding() {
        return new FakeRelay(true);
    }

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
        Pending p = new Pending(message, System.nanoTime(), new CompletableFuture<>());
        attempts.add(p);
        if (down.get() || failNextPublishes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            p.confirm().completeExceptionally(new RelayUnavailableException("broker down (fake)"));
        } else if (hold) {
            pending.add(p);
        } else {
            published.add(message);
            p.confirm().complete(Done.getInstance());
        }
        return p.confirm();
    }

    /** Confirms (or fails) one held publish; returns false when it was not pending. */
    public boolean settle(Pending p, boolean ok) {
        if (!pending.remove(p)) {
            return false;
        }
        if (ok) {
            published.add(p.message());
            p.confirm().complete(Done.getInstance());
        } else {
            p.confirm().completeExceptionally(new RelayUnavailableException("broker down (held publish)"));
        }
        return true;
    }

    /** Waits (bounded) until exactly {@code n} publishes are held. */
    public List<Pending> awaitPending(int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (pending.size() != n) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("expected " + n + " held publishes, have " + pending.size());
            }
            Thread.sleep(5);
        }
        return List.copyOf(pending);
    }

    /** One stream for whatever queue is consumed; {@link #deliver} feeds the latest. */
    @Override
    public Source<IncomingMessage, ?> consume(String q, int prefetch) {
        consumeCalls.incrementAndGet();
        if (failNextConsumes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Source.failed(new RelayUnavailableException("connection refused (fake)"));
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
