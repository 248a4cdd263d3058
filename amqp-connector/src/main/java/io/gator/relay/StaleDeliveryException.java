package io.gator.relay;

/**
 * An ack or nack for a delivery whose channel or consumer is gone. Nothing is lost: the broker
 * redelivers the message (with the redelivered flag) to the next consumer.
 */
public final class StaleDeliveryException extends RelayException {
    public StaleDeliveryException(String message) {
        super(message);
    }
}
