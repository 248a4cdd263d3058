package io.gator.api.backend;

/** The caller is known and may use the endpoint, but not on this object (answered 403). */
public final class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}
