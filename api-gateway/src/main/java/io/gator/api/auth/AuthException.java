package io.gator.api.auth;

/** Authentication or authorization failed; the message is what the caller reads (answered 401). */
public class AuthException extends Exception {
    public AuthException(String message) {
        super(message);
    }
}
