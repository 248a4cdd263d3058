package io.gator.agent.command;

import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigJsonException;
import io.gator.relay.IncomingMessage;

/**
 * The first check of a queued message, before anything else looks at it: its size, then that it parses as a
 * command with an id. A message that fails it cannot be answered and is acknowledged and dropped by the caller.
 */
final class CommandGate {
    /** What the gate made of a message. */
    sealed interface Outcome permits Passed, Dropped {}

    /** A command with an id, its agent's queue location set to this agent's. */
    record Passed(Command command) implements Outcome {}

    /** Not a command the agent can answer; {@code why} is logged. */
    record Dropped(String why) implements Outcome {}

    private final int maxCommandBytes;
    private final String queueLoc;

    CommandGate(int maxCommandBytes, String queueLoc) {
        this.maxCommandBytes = maxCommandBytes;
        this.queueLoc = queueLoc;
    }

    Outcome check(IncomingMessage msg) {
        if (msg.body().length > maxCommandBytes) {
            // Checked before parsing: reading it could take the whole heap, and its redelivery would do so again.
            return new Dropped("larger than the limit of " + maxCommandBytes
                    + " bytes (gator.agent.max-command-size)");
        }
        Command command;
        try {
            command = MigJson.read(msg.body(), Command.class);
        } catch (MigJsonException | IllegalArgumentException e) {
            return new Dropped("malformed: " + e.getMessage());
        }
        if (command.id() == 0) {
            // Schedulers answer results by command id; an answer with id 0 would be nobody's.
            return new Dropped("without a command id (action " + command.action().id() + ")");
        }
        return new Passed(command.withAgent(command.agent().withQueueLoc(queueLoc)));
    }
}
