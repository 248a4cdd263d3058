package io.gator.core.action;

/** An action that breaks MIG's rules; the message says which rule. */
public class InvalidActionException extends RuntimeException {
    public InvalidActionException(String message) {
        super(message);
    }
}
