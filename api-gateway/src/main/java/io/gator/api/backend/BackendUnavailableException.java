package io.gator.api.backend;

/** The cluster or the database cannot be reached now; the API answers 503 with Retry-After. */
public class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
