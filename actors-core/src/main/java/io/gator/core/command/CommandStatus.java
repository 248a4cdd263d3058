package io.gator.core.command;

import java.util.List;

/** A command's status strings as MIG writes them, and the one Gator adds before a command is sent. */
public final class CommandStatus {
    /** A command whose publish is not confirmed yet (Gator's; MIG writes a command once it is sent). */
    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String SUCCESS = "success";
    public static final String CANCELLED = "cancelled";
    public static final String EXPIRED = "expired";
    public static final String FAILED = "failed";
    public static final String TIMEOUT = "timeout";
    /** The statuses of a command that has not ended. */
    public static final List<String> UNFINISHED = List.of(PENDING, SENT);

    private CommandStatus() {}

    /** Whether the status ends a command. */
    public static boolean isFinal(String status) {
        return SUCCESS.equals(status) || CANCELLED.equals(status) || EXPIRED.equals(status)
                || FAILED.equals(status) || TIMEOUT.equals(status);
    }
}
