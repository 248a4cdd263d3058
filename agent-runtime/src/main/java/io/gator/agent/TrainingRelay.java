package io.gator.agent;

import io.gator.relay.IncomingMessage;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The in-JVM relay of {@code --cds-training}, production code because the training runs a signed command through
 * a real agent and the agent jar carries no broker. It routes each publish to the queue its routing key names (as
 * MIG's direct bindings do), holds it until that queue has a subscriber, and takes settlements as no-ops: nothing
 * is redelivered, no TTL expires. Consumers subscribe only (the agent jar has no Pekko Streams).
 */
final class TrainingRelay implements Relay {
    private static final CompletionStage<Done> DONE = CompletableFuture.completedStage(Done.getInstance());

    private final Map<String, List<byte[]>> held = new HashMap<>();
    private final Map<String, Consumer<IncomingMessage>> subscribers = new HashMap<>();

    @Override
    public CompletionStage<Done> declareSchedulerTopology() {
        return DONE;
    }

    @Override
    public CompletionStage<Done> declareAgentQueue(String queueLoc) {
        return DONE;
    }

    @Override
    public synchronized CompletionStage<Done> publish(OutgoingMessage m) {
        Consumer<IncomingMessage> to = subscribers.get(m.routingKey());
        if (to == null) {
            held.computeIfAbsent(m.routingKey(), k -> new ArrayList<>()).add(m.body().clone());
        } else {
            to.accept(new Delivery(m.routingKey(), m.body().clone()));
        }
        return DONE;
    }

    @Override
    public Source<IncomingMessage, ?> consume(String queue, int prefetch) {
        throw new UnsupportedOperationException("the training relay is consumed with subscribe");
    }

    /** Hands the held messages of {@code queue}, then each new one, to {@code onMessage} on the publishing thread. */
    @Override
    public synchronized ConsumerHandle subscribe(String queue, int prefetch, Consumer<IncomingMessage> onMessage,
                                                 ClassicActorSystemProvider system) {
        subscribers.put(queue, onMessage);
        held.getOrDefault(queue, List.of()).forEach(body -> onMessage.accept(new Delivery(queue, body)));
        held.remove(queue);
        CompletableFuture<Done> ended = new CompletableFuture<>();
        return new ConsumerHandle() {
            @Override
            public void cancel() {
                synchronized (TrainingRelay.this) {
                    subscribers.remove(queue, onMessage);
                }
                ended.complete(Done.getInstance());
            }

            @Override
            public CompletionStage<Done> ended() {
                return ended;
            }
        };
    }

    /** Published to {@code queue} and not yet consumed. */
    synchronized int heldCount(String queue) {
        return held.getOrDefault(queue, List.of()).size();
    }

    synchronized boolean subscribed(String queue) {
        return subscribers.containsKey(queue);
    }

    @Override
    public void close() {}

    /** A delivery: never redelivered, its settlement a no-op. */
    private record Delivery(String queue, byte[] message) implements IncomingMessage {
        @Override
        public String routingKey() {
            return queue;
        }

        @Override
        public byte[] body() {
            return message.clone();
        }

        @Override
        public boolean redelivered() {
            return false;
        }

        @Override
        public CompletionStage<Done> ack() {
            return DONE;
        }

        @Override
        public CompletionStage<Done> nack(boolean requeue) {
            return ack();
        }
    }
}
