package io.gator.api.backend;

/** The object a write names does not exist (answered 404). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
