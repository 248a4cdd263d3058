package io.gator.agent.command;

import io.gator.agent.verify.CommandVerifier;
import io.gator.core.action.Operation;
import io.gator.core.command.Command;
import io.gator.core.command.CommandStatus;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.relay.IncomingMessage;
import io.gator.relay.Relay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Receives commands from the agent's queue and takes each through its steps: the size and parse gate
 * ({@link CommandGate}), verification off this actor's thread ({@link VerificationStep}), the de-duplication
 * ledger ({@link AnswerLedger}), at most {@code maxActions} running at once ({@link ConcurrencyLimiter}), and the
 * answer on {@code mig.agt.results} ({@link AnswerPublisher}). A message is acknowledged only once its answer is
 * confirmed by the broker, so a crash mid-command means redelivery rather than a lost command.
 *
 * <p>A verified command whose id comes again, while it is still waiting or running or after its answer was
 * confirmed, is not run twice: its message is acknowledged with the original's. Schedulers publish a command
 * again when they cannot know it went out (a node killed between the publish and its journal entry, a lost
 * confirm), and the broker redelivers what a lost connection left unacknowledged; the first answer is the one
 * that counts, so running it again would only cost the host.
 */
public final class CommandRouter {

    /**
     * Settings the router needs.
     *
     * @param maxCommandBytes        larger messages are acknowledged and dropped unread
     * @param answeredFile           where the remembered answered commands are kept across restarts (none: in
     *                               memory only)
     * @param verificationDispatcher config path of the dispatcher commands are verified on
     */
    public record Settings(String queueLoc, int maxActions, Optional<Duration> resultTtl, int publishAttempts,
                           Duration publishRetryDelay, int rememberedCommands, int maxCommandBytes,
                           Optional<Path> answeredFile, String verificationDispatcher) {}

    /** The router's protocol. */
    public sealed interface Protocol permits Deliver, Verified, Finished, Published {}

    /** A message from the agent's queue. */
    public record Deliver(IncomingMessage message) implements Protocol {}

    /** A verdict, or the error that ended verification itself (an Error, or the dispatcher gone). */
    private record Verified(VerificationStep.Verdict verdict, Throwable error) implements Protocol {}

    private record Finished(CommandRunner.CommandFinished finished) implements Protocol {}

    private record Published(long ticket, long commandId, Throwable error) implements Protocol {}

    private record Pending(Command command, IncomingMessage message) {}

    /**
     * Tickets are unique in the JVM, not per router: a restarted router must not take a verdict or a publish
     * confirm meant for its previous incarnation as one of its own.
     */
    private static final AtomicLong TICKETS = new AtomicLong();

    private final ActorContext<Protocol> ctx;
    private final Settings settings;
    private final CommandRunner.Resources resources;
    private final CommandGate gate;
    private final VerificationStep verification;
    private final AnswerLedger ledger;
    private final ConcurrencyLimiter<Pending> limiter;
    private final AnswerPublisher publisher;
    /** The messages whose answers are being published, by ticket. */
    private final Map<Long, IncomingMessage> answering = new HashMap<>();
    private final ActorRef<CommandRunner.CommandFinished> finishedAdapter;

    private CommandRouter(ActorContext<Protocol> ctx, Settings settings, Relay relay, CommandVerifier verifier,
                          CommandRunner.Resources resources) {
        this.ctx = ctx;
        this.settings = settings;
        this.resources = resources;
        this.gate = new CommandGate(settings.maxCommandBytes(), settings.queueLoc());
        this.verification = new VerificationStep(verifier, ctx.getSystem().dispatchers()
                .lookup(DispatcherSelector.fromConfig(settings.verificationDispatcher())));
        this.ledger = new AnswerLedger(settings.rememberedCommands(), settings.answeredFile());
        this.limiter = new ConcurrencyLimiter<>(settings.maxActions());
        this.publisher = new AnswerPublisher(relay, settings.resultTtl(), settings.publishAttempts(),
                settings.publishRetryDelay(), ctx.getSystem());
        this.finishedAdapter = ctx.messageAdapter(CommandRunner.CommandFinished.class, Finished::new);
    }

    public static Behavior<Protocol> create(Settings settings, Relay relay, CommandVerifier verifier,
                                            CommandRunner.Resources resources) {
        return Behaviors.setup(ctx -> new CommandRouter(ctx, settings, relay, verifier, resources).behavior());
    }

    private Behavior<Protocol> behavior() {
        return Behaviors.receive(Protocol.class)
                .onMessage(Deliver.class, this::onDeliver)
                .onMessage(Verified.class, this::onVerified)
                .onMessage(Finished.class, this::onFinished)
                .onMessage(Published.class, this::onPublished)
                .build();
    }

    private Behavior<Protocol> onDeliver(Deliver d) {
        IncomingMessage msg = d.message();
        CommandGate.Outcome checked = gate.check(msg);
        if (checked instanceof CommandGate.Dropped dropped) {
            // Acknowledged: no redelivery loop, nothing run.
            ctx.getLog().warn("dropping command message ({} bytes) {}", msg.body().length, dropped.why());
            msg.ack();
        } else if (checked instanceof CommandGate.Passed passed) {
            ctx.pipeToSelf(verification.verify(TICKETS.getAndIncrement(), passed.command(), msg), Verified::new);
        }
        return Behaviors.same();
    }

    private Behavior<Protocol> onVerified(Verified v) {
        if (v.error() != null) {
            // As when verification ran on this thread: the router fails and its supervisor restarts it.
            throw new IllegalStateException("verification failed: " + v.error(), v.error());
        }
        for (VerificationStep.Verdict verdict : verification.arrived(v.verdict())) {
            admit(verdict);
        }
        startWaiting();
        return Behaviors.same();
    }

    private void admit(VerificationStep.Verdict v) {
        Command command = v.command();
        IncomingMessage msg = v.message();
        if (v.refusal().isPresent()) {
            if (v.error().isPresent()) {
                ctx.getLog().error("verifier error on command {}", command.id(), v.error().get());
            } else {
                ctx.getLog().warn("refused command {} of action {}: {}", command.id(), command.action().id(),
                        v.refusal().get());
            }
            answerRefusal(v.ticket(), command, v.refusal().get(), msg);
            return;
        }
        // Checked after verification: a forged message reusing a real command's id must not suppress it.
        switch (ledger.admit(command.action().id(), command.id(), v.ticket(), msg)) {
            case NEW -> limiter.enqueue(v.ticket(), new Pending(command, msg));
            case IN_HAND -> ctx.getLog().info("command {} of action {} delivered again; settled with the first"
                    + " delivery", command.id(), command.action().id());
            case ANSWERED -> {
                ctx.getLog().info("command {} of action {} delivered again; already answered, not run again",
                        command.id(), command.action().id());
                msg.ack();
            }
        }
    }

    private void startWaiting() {
        for (Map.Entry<Long, Pending> e : limiter.startable()) {
            ctx.spawn(CommandRunner.create(e.getKey(), e.getValue().command(), resources, finishedAdapter),
                    "command-" + e.getKey());
        }
    }

    private Behavior<Protocol> onFinished(Finished f) {
        long ticket = f.finished().ticket();
        limiter.finished(ticket).ifPresent(p -> {
            Command done = f.finished().command();
            answerBytes(done, p.message(), ticket).ifPresent(body -> publish(ticket, done.id(), body, p.message()));
        });
        startWaiting();
        return Behaviors.same();
    }

    /**
     * Answers a refused command, unless the answer (the action echoed, one result per operation, as MIG's) would
     * be over twice the largest command: anyone can put a message in the queue, and a small one with thousands of
     * operations would otherwise make the agent hold and publish many times its size.
     */
    private void answerRefusal(long ticket, Command command, String reason, IncomingMessage msg) {
        Optional<byte[]> written = answerBytes(refusal(command, reason), msg, ticket);
        if (written.isEmpty()) {
            return;
        }
        byte[] body = written.get();
        if (body.length > 2L * settings.maxCommandBytes()) {
            ctx.getLog().warn("refusal of command {} not sent: its answer would take {} bytes", command.id(),
                    body.length);
            msg.ack();
            return;
        }
        publish(ticket, command.id(), body, msg);
    }

    /**
     * The answer as MIG JSON, or empty when it cannot be written (a value read from the command that MIG's format
     * cannot carry back): the message and its further deliveries are then acked and dropped, logged, since
     * requeueing them would fail the same way for ever.
     */
    private Optional<byte[]> answerBytes(Command answer, IncomingMessage msg, long ticket) {
        try {
            return Optional.of(MigJson.writeBytes(answer));
        } catch (RuntimeException unwritable) {
            ctx.getLog().error("answer to command {} cannot be written, message dropped: {}", answer.id(),
                    unwritable.getMessage());
            msg.ack();
            ledger.settle(ticket, false).forEach(IncomingMessage::ack);
            return Optional.empty();
        }
    }

    /** The answer is serialized once, so that the command's parsed tree is not held while it is published. */
    private void publish(long ticket, long commandId, byte[] body, IncomingMessage msg) {
        answering.put(ticket, msg);
        ctx.pipeToSelf(publisher.publish(commandId, body), (ok, err) -> new Published(ticket, commandId, err));
    }

    private Behavior<Protocol> onPublished(Published p) {
        IncomingMessage msg = answering.remove(p.ticket());
        if (msg == null) {
            return Behaviors.same();
        }
        if (p.error() == null) {
            msg.ack();
            ledger.settle(p.ticket(), true).forEach(IncomingMessage::ack);
        } else {
            // Give the command back to the broker: it is redelivered and run again rather than lost.
            ctx.getLog().error("giving up publishing result of command {}; requeueing it", p.commandId());
            msg.nack(true);
            ledger.settle(p.ticket(), false).forEach(m -> m.nack(true));
        }
        return Behaviors.same();
    }

    /** A refused command: status failed, the reason in every operation's errors, nothing run. */
    static Command refusal(Command command, String reason) {
        List<Operation> ops = command.action().operations();
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < Math.max(1, ops.size()); i++) {
            results.add(Result.failure(reason));
        }
        return command.answered(CommandStatus.FAILED, results);
    }
}
