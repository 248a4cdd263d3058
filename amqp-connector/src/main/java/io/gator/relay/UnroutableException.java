package io.gator.relay;

/**
 * The broker returned a mandatory message: no queue is bound to its exchange with its routing key
 * (for a command: the agent's queue does not exist). The message was not delivered.
 */
public final class UnroutableException extends RelayException {
    private final String exchange;
    private final String routingKey;

    public UnroutableException(String exchange, String routingKey, String reason) {
        super("unroutable message: exchange '" + exchange + "', routing key '" + routingKey + "': " + reason);
        this.exchange = exchange;
        this.routingKey = routingKey;
    }

    public String exchange() {
        return exchange;
    }

    public String routingKey() {
        return routingKey;
    }
}
