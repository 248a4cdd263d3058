package io.gator.relay;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.pekko.Done;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;

/**
 * Where a relay's consumer hands its messages: a stream's bounded queue ({@link Relay#consume}) or a callback
 * ({@link Relay#subscribe}). Shared by the AMQP relay and the in-JVM one of the tests.
 *
 * @param <T> the relay's message type
 */
public interface ConsumerSink<T extends IncomingMessage> {
    /** False when not taken (buffer full, consumer gone): the relay hands the message back. */
    boolean offer(T message);

    /** Ends the consumer (failure null: normally) unless it has ended already. */
    void end(Throwable failure);

    /** Into a stream's queue; the stream deals with whatever it is given. */
    static <T extends IncomingMessage> ConsumerSink<T> toStream(BoundedSourceQueue<IncomingMessage> queue) {
        return new ConsumerSink<>() {
            @Override
            public boolean offer(T message) {
                return queue.offer(message) instanceof QueueOfferResult.Enqueued$;
            }

            @Override
            public void end(Throwable failure) {
                endQuietly(queue, failure);
            }
        };
    }

    /**
     * Completes (failure null) or fails a stream's queue unless it has ended already: BoundedSourceQueue throws
     * IllegalStateException on a second complete/fail, and the stream may end concurrently.
     */
    static void endQuietly(BoundedSourceQueue<?> queue, Throwable failure) {
        if (queue.isCompleted()) {
            return;
        }
        try {
            if (failure == null) {
                queue.complete();
            } else {
                queue.fail(failure);
            }
        } catch (IllegalStateException alreadyEnded) {
            // ended between the check and the call: nothing left to end
        }
    }

    /**
     * A callback, called on the relay's consumer thread (so in delivery order), for the messages {@code deliver}
     * accepts; the others are taken and dropped (a dead AMQP channel's deliveries come again on a new one).
     */
    final class ToCallback<T extends IncomingMessage> implements ConsumerSink<T> {
        private final Consumer<IncomingMessage> onMessage;
        private final Predicate<T> deliver;
        private final CompletableFuture<Done> ended = new CompletableFuture<>();

        public ToCallback(Consumer<IncomingMessage> onMessage, Predicate<T> deliver) {
            this.onMessage = onMessage;
            this.deliver = deliver;
        }

        @Override
        public boolean offer(T message) {
            if (ended.isDone()) {
                return false;
            }
            if (deliver.test(message)) {
                onMessage.accept(message);
            }
            return true;
        }

        @Override
        public void end(Throwable failure) {
            if (failure == null) {
                ended.complete(Done.getInstance());
            } else {
                ended.completeExceptionally(failure);
            }
        }

        /** Completes when the consumer ends: normally after cancel or close, exceptionally on failure. */
        public CompletableFuture<Done> ended() {
            return ended;
        }
    }
}
