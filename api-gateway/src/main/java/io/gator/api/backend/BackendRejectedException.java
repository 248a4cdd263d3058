package io.gator.api.backend;

/** The backend refused a write for a reason the caller can fix (answered 400 with the message). */
public class BackendRejectedException extends RuntimeException {
    public BackendRejectedException(String message) {
        super(message);
    }
}
