package io.gator.scheduler.action;

import io.gator.core.relay.IncomingMessage;
import io.gator.core.relay.OutgoingMessage;
import io.gator.core.relay.Relay;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A relay double whose publishes wait for the test to confirm or fail them, as a broker's confirms would: what is
 * pending is exactly what is being published at the moment.
 */
final class HeldRelay implements Relay {
    record Pending(OutgoingMessage message, long atNanos, CompletableFuture<Done> confirm) {}

    final List<Pending> pending = new CopyOnWriteArrayList<>();
    final List<Pending> attempts = new CopyOnWriteArrayList<>();
    final List<OutgoingMessage> confirmed = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Done> publish(OutgoingMessage message) {
        Pending p = new Pending(message, System.nanoTime(), new CompletableFuture<>());
        attempts.add(p);
        pending.add(p);
        return p.confirm();
    }

    /** Confirms (or fails) one held publish; returns false when it was not pending. */
    boolean settle(Pending p, boolean ok) {
        if (!pending.remove(p)) {
            return false;
        }
        if (ok) {
            confirmed.add(p.message());
            p.confirm().complete(Done.getInstance());
        } else {
            p.confirm().completeExceptionally(new java.io.IOException("broker unreachable (held relay)"));
        }
        return true;
    }

    /** Waits (bounded) until exactly {@code n} publishes are held. */
    List<Pending> awaitPending(int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (pending.size() != n) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("expected " + n + " held publishes, have " + pending.size());
            }
            Thread.sleep(5);
        }
        return List.copyOf(pending);
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
    public Source<IncomingMessage, ?> consume(String queue, int prefetch) {
        return Source.empty();
    }

    @Override
    public void close() {}
}
