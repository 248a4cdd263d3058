package io.gator.relay;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The relay port between schedulers and agents (MIG's RabbitMQ flows).
 *
 * <p>Guarantees every implementation gives: a publish completes only once the broker has
 * confirmed it (publisher confirms), and fails, never silently drops, when it cannot be
 * confirmed; consumers settle each message themselves (manual acks) and an unsettled message is
 * delivered again; a lost connection is re-established with exponential backoff, publishing and
 * consuming resume after it.
 *
 * <p>Failures arrive as failed stages: {@link UnroutableException} (no queue bound for the routing
 * key), {@link RelayUnavailableException} (no connection now, or lost before the confirm: retry with
 * backoff; a retried publish may duplicate), {@link java.util.concurrent.TimeoutException} (no
 * confirm in time), {@link RelayException} otherwise; settling a delivery whose channel or consumer
 * is gone fails with {@link StaleDeliveryException} (the message is redelivered).
 */
public interface Relay extends AutoCloseable {

    /** Declares what a scheduler owns: both exchanges, the results and heartbeats queues. Idempotent. */
    CompletionStage<Done> declareSchedulerTopology();

    /** Declares an agent's durable queue {@code mig.agt.<queueLoc>} bound to {@code toagents}. Idempotent. */
    CompletionStage<Done> declareAgentQueue(String queueLoc);

    /** Publishes one message; completes when the broker confirmed it, fails when it nacked or was unroutable. */
    CompletionStage<Done> publish(OutgoingMessage message);

    /**
     * Consumes a queue with at most {@code prefetch} unacknowledged messages in hand. The source
     * survives reconnects (it re-subscribes); cancelling it stops the consumer.
     */
    Source<IncomingMessage, ?> consume(String queue, int prefetch);

    /**
     * {@link #consume} without a stream: hands each message, in delivery order, to {@code onMessage} on a relay
     * thread, which must pass it on (tell an actor), not block. The agent consumes this way so that its JVM loads
     * none of Pekko Streams' classes (about 300 of them, 3-4 MB of an idle agent's RSS). This default runs
     * {@link #consume} on the system's materializer; the AMQP and local relays consume directly.
     */
    default ConsumerHandle subscribe(String queue, int prefetch, Consumer<IncomingMessage> onMessage,
                                     ClassicActorSystemProvider system) {
        // in a class of its own: verifying Relay then loads no stream class (the agent's jar has none)
        return StreamConsumer.run(consume(queue, prefetch), onMessage, system);
    }

    /** A consumer started with {@link #subscribe}. */
    interface ConsumerHandle {
        /** Stops consuming; unsettled messages go back to the queue. Idempotent. */
        void cancel();

        /**
         * Completes when the consumer ends: normally after {@link #cancel} or the relay's close, exceptionally
         * when the queue cannot be consumed (deleted, consumer cancelled by the broker).
         */
        CompletionStage<Done> ended();
    }

    /** Closes connections; pending publishes fail. */
    @Override
    void close();
}
