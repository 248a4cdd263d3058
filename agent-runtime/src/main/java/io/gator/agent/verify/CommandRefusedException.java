package io.gator.agent.verify;

/** A command the agent will not run; the message names the reason (it goes back in the result's errors). */
public class CommandRefusedException extends Exception {
    public CommandRefusedException(String reason) {
        super(reason);
    }

    public CommandRefusedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
