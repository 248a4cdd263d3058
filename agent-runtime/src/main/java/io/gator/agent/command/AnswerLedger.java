package io.gator.agent.command;

import io.gator.relay.IncomingMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which verified commands the agent has in hand or has answered, so that a command delivered again is not run
 * twice: a delivery of a command still waiting, running or being answered is attached to it and settled with
 * it; a delivery of one answered recently (the last {@code remembered}, kept on disk by {@link AnsweredCommands})
 * is only acknowledged. Refusals never enter it, so a forged message reusing a real command's id cannot
 * suppress it. Not thread-safe: its owner is one actor.
 */
final class AnswerLedger {
    /** What a verified command's delivery is to the ledger. */
    enum Seen { NEW, IN_HAND, ANSWERED }

    private record InHand(AnsweredCommands.Key key, List<IncomingMessage> duplicates) {}

    private final Map<AnsweredCommands.Key, Long> ticketsByKey = new HashMap<>();
    private final Map<Long, InHand> inHand = new HashMap<>();
    private final AnsweredCommands answered;

    AnswerLedger(int remembered, Optional<Path> file) {
        this.answered = AnsweredCommands.open(remembered, file);
    }

    /**
     * Records a verified command's delivery: NEW takes it in hand under {@code ticket}; IN_HAND attaches the
     * delivery to the first one; ANSWERED leaves the delivery to the caller.
     */
    Seen admit(long actionId, long commandId, long ticket, IncomingMessage delivery) {
        AnsweredCommands.Key key = new AnsweredCommands.Key(actionId, commandId);
        Long first = ticketsByKey.get(key);
        if (first != null) {
            inHand.get(first).duplicates().add(delivery);
            return Seen.IN_HAND;
        }
        if (answered.contains(key)) {
            return Seen.ANSWERED;
        }
        ticketsByKey.put(key, ticket);
        inHand.put(ticket, new InHand(key, new ArrayList<>()));
        return Seen.NEW;
    }

    /**
     * Lets go of a ticket's command, remembering it (on disk too) if it was answered; returns the further
     * deliveries to settle like its own message (none for a ticket it never took, such as a refusal).
     */
    List<IncomingMessage> settle(long ticket, boolean wasAnswered) {
        InHand h = inHand.remove(ticket);
        if (h == null) {
            return List.of();
        }
        ticketsByKey.remove(h.key());
        if (wasAnswered) {
            answered.add(h.key());
        }
        return h.duplicates();
    }
}
