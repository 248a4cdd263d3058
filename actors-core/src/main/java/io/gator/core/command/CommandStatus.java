package io.gator.core.command;

/** A command's status strings as MIG writes them. */
public final class CommandStatus {
    public static final String SENT = "sent";
    public static final String SUCCESS = "success";
    public static final String CANCELLED = "cancelled";
    public static final String EXPIRED = "expired";
    public static final String FAILED = "failed";
    public static final String TIMEOUT = "timeout";

    private CommandStatus() {}

    /** Whether the status ends a command. */
    public static boolean isFinal(String status) {
        return SUCCESS.equals(status) || CANCELLED.equals(status) || EXPIRED.equals(status)
                || FAILED.equals(status) || TIMEOUT.equals(status);
    }
}
