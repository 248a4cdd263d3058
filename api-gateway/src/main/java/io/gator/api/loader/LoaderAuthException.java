package io.gator.api.loader;

/** A loader's request is refused before anything else is read: MIG's 401 with its exact message. */
public final class LoaderAuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LoaderAuthException(String message) {
        super(message, null, false, false);
    }
}
