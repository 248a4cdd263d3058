package io.gator.agent.checkin;

import io.gator.relay.IncomingMessage;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A relay that counts the messages its consumers hold: delivered and not yet settled. The agent settles a command
 * only once its answer is confirmed published (or it is dropped), so no message in hand means every command taken
 * so far is answered: what a checkin run waits for before it exits.
 */
public final class SettlementTracker implements Relay {
    private final Relay relay;
    private final AtomicInteger unsettled = new AtomicInteger();
    private final AtomicLong lastDeliveryNanos = new AtomicLong(System.nanoTime());
    private final AtomicInteger subscriptions = new AtomicInteger();

    public SettlementTracker(Relay relay) {
        this.relay = relay;
    }

    /** Messages delivered and not yet acknowledged or handed back. */
    public int unsettled() {
        return unsettled.get();
    }

    /** {@link System#nanoTime()} of the last delivery (of the tracker's creation before any). */
    public long lastDeliveryNanos() {
        return lastDeliveryNanos.get();
    }

    /** Whether a consumer was started: before it, an empty hand says nothing about the queue. */
    public boolean consuming() {
        return subscriptions.get() > 0;
    }

    private IncomingMessage track(IncomingMessage m) {
        unsettled.incrementAndGet();
        lastDeliveryNanos.set(System.nanoTime());
        return new Tracked(m);
    }

    @Override
    public CompletionStage<Done> declareSchedulerTopology() {
        return relay.declareSchedulerTopology();
    }

    @Override
    public CompletionStage<Done> declareAgentQueue(String queueLoc) {
        return relay.declareAgentQueue(queueLoc);
    }

    @Override
    public CompletionStage<Done> publish(OutgoingMessage message) {
        return relay.publish(message);
    }

    @Override
    public Source<IncomingMessage, ?> consume(String queue, int prefetch) {
        return relay.consume(queue, prefetch).map(this::track);
    }

    @Override
    public ConsumerHandle subscribe(String queue, int prefetch, Consumer<IncomingMessage> onMessage,
                                    ClassicActorSystemProvider system) {
        ConsumerHandle handle = relay.subscribe(queue, prefetch, m -> onMessage.accept(track(m)), system);
        // counted from now: the idle time runs from the moment the queue is consumed
        lastDeliveryNanos.set(System.nanoTime());
        subscriptions.incrementAndGet();
        return handle;
    }

    @Override
    public void close() {
        relay.close();
    }

    /** Settles at most once in the count, however often the agent calls ack or nack. */
    private final class Tracked implements IncomingMessage {
        private final IncomingMessage m;
        private final java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();

        Tracked(IncomingMessage m) {
            this.m = m;
        }

        private void settled() {
            if (settled.compareAndSet(false, true)) {
                unsettled.decrementAndGet();
            }
        }

        @Override
        public String queue() {
            return m.queue();
        }

        @Override
        public String routingKey() {
            return m.routingKey();
        }

        @Override
        public byte[] body() {
            return m.body();
        }

        @Override
        public boolean redelivered() {
            return m.redelivered();
        }

        @Override
        public CompletionStage<Done> ack() {
            settled();
            return m.ack();
        }

        @Override
        public CompletionStage<Done> nack(boolean requeue) {
            settled();
            return m.nack(requeue);
        }
    }
}
