package io.gator.agent.verify;

import io.gator.core.command.Command;

/**
 * Decides whether a parsed command may run on this agent: validity window, signatures against the
 * agent's keyring, ACL weights per operation, known modules, valid parameters. It never runs anything.
 */
@FunctionalInterface
public interface CommandVerifier {
    /** Returns normally when the command may run; throws with the reason otherwise. */
    void verify(Command command) throws CommandRefusedException;
}
