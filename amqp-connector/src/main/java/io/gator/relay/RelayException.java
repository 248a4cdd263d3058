package io.gator.relay;

/** Base of every failure the relay reports through a failed {@code CompletionStage}. */
public class RelayException extends RuntimeException {
    public RelayException(String message) {
        super(message);
    }

    public RelayException(String message, Throwable cause) {
        super(message, cause);
    }
}
