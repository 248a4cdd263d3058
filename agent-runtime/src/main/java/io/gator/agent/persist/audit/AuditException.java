package io.gator.agent.persist.audit;

/** A failure talking to the kernel's audit subsystem or loading rules; the message is the text the module logs. */
public final class AuditException extends Exception {
    public AuditException(String message) {
        super(message);
    }
}
