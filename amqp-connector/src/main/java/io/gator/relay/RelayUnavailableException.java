package io.gator.relay;

/**
 * The relay has no live connection (broker down, reconnect in progress, relay closed), or the
 * connection died while a publish was waiting for its confirm (the message may or may not have
 * reached the broker). Publishes fail fast with it; callers retry with backoff.
 */
public final class RelayUnavailableException extends RelayException {
    public RelayUnavailableException(String message) {
        super(message);
    }

    public RelayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
