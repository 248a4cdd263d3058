package io.gator.agent.command;

import io.gator.agent.verify.CommandRefusedException;
import io.gator.agent.verify.CommandVerifier;
import io.gator.core.command.Command;
import io.gator.relay.IncomingMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Verifies commands on an executor of their own (signature checks cost milliseconds of CPU each, which would
 * hold up the router's actor thread), and hands the verdicts back in the order the commands arrived, so that
 * verification off the router's thread changes neither which delivery of a command counts nor the order in
 * which commands wait. Its queue of tickets is the owner's: not thread-safe.
 */
final class VerificationStep {
    /**
     * A verified command: {@code refusal} empty when it may run, else the reason sent back; {@code error} set
     * when the verifier itself failed (logged with its trace).
     */
    record Verdict(long ticket, Command command, IncomingMessage message, Optional<String> refusal,
                   Optional<RuntimeException> error) {}

    private final CommandVerifier verifier;
    private final Executor executor;
    private final Deque<Long> arrivalOrder = new ArrayDeque<>();
    private final Map<Long, Verdict> early = new HashMap<>();

    VerificationStep(CommandVerifier verifier, Executor executor) {
        this.verifier = verifier;
        this.executor = executor;
    }

    /** Starts verifying; the verdict is to be given to {@link #arrived} on the owner's thread. */
    CompletionStage<Verdict> verify(long ticket, Command command, IncomingMessage message) {
        arrivalOrder.addLast(ticket);
        return CompletableFuture.supplyAsync(() -> {
            try {
                verifier.verify(command);
                return new Verdict(ticket, command, message, Optional.empty(), Optional.empty());
            } catch (CommandRefusedException e) {
                return new Verdict(ticket, command, message, Optional.of(e.getMessage()), Optional.empty());
            } catch (RuntimeException e) {
                return new Verdict(ticket, command, message, Optional.of("verification error: " + e), Optional.of(e));
            }
        }, executor);
    }

    /** The verdicts now due in arrival order, this one included if none that came before it is still open. */
    List<Verdict> arrived(Verdict verdict) {
        if (!arrivalOrder.contains(verdict.ticket())) {
            return List.of(); // not this incarnation's
        }
        early.put(verdict.ticket(), verdict);
        List<Verdict> due = new ArrayList<>();
        while (!arrivalOrder.isEmpty() && early.containsKey(arrivalOrder.peekFirst())) {
            due.add(early.remove(arrivalOrder.removeFirst()));
        }
        return due;
    }

    /** Commands being verified. */
    int open() {
        return arrivalOrder.size();
    }
}
