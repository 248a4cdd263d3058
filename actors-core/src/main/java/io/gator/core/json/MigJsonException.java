package io.gator.core.json;

/** Malformed or unrepresentable MIG JSON; the message says what and where. */
public class MigJsonException extends RuntimeException {
    public MigJsonException(String message, Throwable cause) {
        super(message, cause);
    }

    public MigJsonException(String message) {
        super(message);
    }
}
