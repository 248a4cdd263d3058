package io.gator.persistence;

/** A database operation failed; the message names the operation. */
public final class PersistenceException extends RuntimeException {
    public PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
