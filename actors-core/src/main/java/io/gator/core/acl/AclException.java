package io.gator.core.acl;

/** An action is refused by the agent ACL, or the ACL itself is invalid; the message says why. */
public final class AclException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the ACL refused. */
    public enum Reason {
        /** Neither the module nor {@code default} has an entry. */
        NO_ENTRY,
        /** The entry is invalid (minimumweight below 1, negative weight). */
        INVALID_ACL,
        /** The same key appears twice among the signers. */
        DUPLICATE_SIGNER,
        /** The listed signers' weights do not reach minimumweight. */
        INSUFFICIENT_WEIGHT,
        /** There is no verified signer at all. */
        NO_SIGNER
    }

    private final Reason reason;

    public AclException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The reason for the refusal. */
    public Reason reason() {
        return reason;
    }
}
