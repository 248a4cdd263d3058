package io.gator.relay;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * A delivered message. The consumer must settle it: {@link #ack()} only after its work succeeded
 * (for a scheduler: after the result is persisted), {@link #nack(boolean)} to hand it back.
 * Unsettled messages are redelivered when the connection or consumer goes away.
 */
public interface IncomingMessage {
    /** The queue it came from. */
    String queue();

    /** The routing key it was published with. */
    String routingKey();

    /** The body (UTF-8 JSON for MIG messages). */
    byte[] body();

    /** Whether the broker delivered it before without an ack. */
    boolean redelivered();

    /** Positive acknowledgement: the message is gone from the queue. */
    CompletionStage<Done> ack();

    /** Negative acknowledgement; {@code requeue} puts it back for another delivery. */
    CompletionStage<Done> nack(boolean requeue);
}
