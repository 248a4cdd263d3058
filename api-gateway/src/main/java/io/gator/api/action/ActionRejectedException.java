package io.gator.api.action;

/** An action refused before anything is stored; the message says exactly what is wrong (answered 400). */
public class ActionRejectedException extends RuntimeException {
    public ActionRejectedException(String message) {
        super(message);
    }
}
