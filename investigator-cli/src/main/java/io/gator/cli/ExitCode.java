package io.gator.cli;

import io.gator.core.action.Counters;

/**
 * The exit codes of {@code mig}, one per outcome a script may test. Usage and API errors keep MIG's 1, so that
 * scripts written for MIG's client read the same refusals.
 */
public enum ExitCode {
    /** The action completed and every targeted agent answered success (or a command that launches nothing succeeded). */
    OK(0, "every targeted agent succeeded"),
    /** Invalid flags or arguments, an unreadable file, or an error from the API. */
    ERROR(1, "usage or API error"),
    /** The action was launched, but a command failed, timed out, expired or was cancelled, or some agent never answered. */
    COMMANDS_UNSUCCESSFUL(3, "a command failed, timed out, expired or was not answered"),
    /** No agent matched the target: nothing was launched ({@code -force} launches anyway). */
    NO_AGENT_TARGETED(4, "no agent targeted: not launched (-force launches)"),
    /** Interrupted (Ctrl-C before the action was launched). */
    INTERRUPTED(130, "interrupted");

    private final int code;
    private final String summary;

    ExitCode(int code, String summary) {
        this.code = code;
        this.summary = summary;
    }

    /** One line per code, for {@code mig help}. */
    public static java.util.List<String> lines() {
        return java.util.Arrays.stream(values()).map(e -> String.format("  %-4d %s", e.code, e.summary)).toList();
    }

    /** The process exit status. */
    public int code() {
        return code;
    }

    /** The outcome of a followed action: OK only when each of the {@code targeted} agents answered success. */
    public static ExitCode of(Counters c, int targeted) {
        boolean allAnswered = c.done() >= Math.max(targeted, c.sent()) && c.done() > 0;
        boolean allSucceeded = c.success() == c.done() && c.failed() + c.timeout() + c.expired() + c.cancelled() == 0;
        return allAnswered && allSucceeded ? OK : COMMANDS_UNSUCCESSFUL;
    }
}
