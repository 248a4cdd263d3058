package io.gator.core.auth;

/** An {@code X-PGPAUTHORIZATION} token was refused; the message says why (safe to return to the client). */
public final class AuthTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuthTokenException(String message) {
        super(message);
    }

    public AuthTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
