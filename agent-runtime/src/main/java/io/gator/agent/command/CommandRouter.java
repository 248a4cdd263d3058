package io.gator.agent.command;

import io.gator.agent.verify.CommandRefusedException;
import io.gator.agent.verify.CommandVerifier;
import io.gator.core.action.Operation;
import io.gator.core.command.Command;
import io.gator.core.command.CommandStatus;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigJsonException;
import io.gator.core.relay.IncomingMessage;
import io.gator.core.relay.OutgoingMessage;
import io.gator.core.relay.Relay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Receives commands from the agent's queue, verifies each before anything runs, runs at most
 * {@code maxActions} at once (later ones wait in arrival order), publishes every answer on
 * {@code mig.agt.results}, and acknowledges a message only once its answer is confirmed by the
 * broker, so a crash mid-command means redelivery rather than a lost command.
 *
 * <p>A verified command whose id comes again, while it is still waiting or running or after its answer was
 * confirmed (the last {@code rememberedCommands} of them), is not run twice: its message is acknowledged with the
 * original's. Schedulers publish a command again when they cannot know it went out (a node killed between the
 * publish and its journal entry, a lost confirm), and the broker redelivers what a lost connection left
 * unacknowledged; the first answer is the one that counts, so running it again would only cost the host.
 */
public final class CommandRouter {

    /**
     * Settings the router needs.
     *
     * @param maxCommandBytes larger messages are acknowledged and dropped unread
     * @param answeredFile    where the remembered answered commands are kept across restarts (none: in memory only)
     */
    public record Settings(String queueLoc, int maxActions, Optional<Duration> resultTtl, int publishAttempts,
                           Duration publishRetryDelay, int rememberedCommands, int maxCommandBytes,
                           Optional<Path> answeredFile) {}

    /** The router's protocol. */
    public sealed interface Protocol permits Deliver, Finished, Published, RetryPublish, GetStats {}

    /** A message from the agent's queue. */
    public record Deliver(IncomingMessage message) implements Protocol {}

    /** Asks for counters (tests, status page). */
    public record GetStats(ActorRef<Stats> replyTo) implements Protocol {}

    /** What the router has done so far. */
    public record Stats(int running, int waiting, long received, long refused, long answered, long malformed,
                        long duplicates) {}

    private record Finished(CommandRunner.CommandFinished finished) implements Protocol {}

    private record Published(long ticket, Throwable error) implements Protocol {}

    private record RetryPublish(long ticket) implements Protocol {}

    private record Pending(long ticket, Command command, IncomingMessage message) {}

    /** An answer being published: serialized once, so that the command's parsed tree is not held meanwhile. */
    private record Answer(long commandId, byte[] body, IncomingMessage message, int attempts) {}

    /** A verified command waiting, running or being answered, and its further deliveries (settled with its own). */
    private record Unanswered(AnsweredCommands.Key key, List<IncomingMessage> duplicates) {}


    private final ActorContext<Protocol> ctx;
    private final TimerScheduler<Protocol> timers;
    private final Settings settings;
    private final Relay relay;
    private final CommandVerifier verifier;
    private final CommandRunner.Resources runtime;
    private final ActorRef<CommandRunner.CommandFinished> finishedAdapter;
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private final Map<Long, IncomingMessage> runningMessages = new HashMap<>();
    private final Map<Long, Answer> publishing = new HashMap<>();
    /** Verified commands not yet answered: their tickets by key, and by ticket their key and further deliveries. */
    private final Map<AnsweredCommands.Key, Long> unanswered = new HashMap<>();
    private final Map<Long, Unanswered> unansweredByTicket = new HashMap<>();
    private final AnsweredCommands answeredRecently;
    private long nextTicket;
    private long received;
    private long refused;
    private long answered;
    private long malformed;
    private long duplicates;

    private CommandRouter(ActorContext<Protocol> ctx, TimerScheduler<Protocol> timers, Settings settings, Relay relay,
                          CommandVerifier verifier, CommandRunner.Resources runtime) {
        this.ctx = ctx;
        this.timers = timers;
        this.settings = settings;
        this.relay = relay;
        this.verifier = verifier;
        this.runtime = runtime;
        this.finishedAdapter = ctx.messageAdapter(CommandRunner.CommandFinished.class, Finished::new);
        this.answeredRecently = AnsweredCommands.open(settings.rememberedCommands(), settings.answeredFile());
    }

    public static Behavior<Protocol> create(Settings settings, Relay relay, CommandVerifier verifier,
                                       CommandRunner.Resources runtime) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new CommandRouter(ctx, timers, settings, relay, verifier, runtime).behavior()));
    }

    private Behavior<Protocol> behavior() {
        return Behaviors.receive(Protocol.class)
                .onMessage(Deliver.class, this::onDeliver)
                .onMessage(Finished.class, this::onFinished)
                .onMessage(Published.class, this::onPublished)
                .onMessage(RetryPublish.class, r -> {
                    publish(r.ticket());
                    return Behaviors.same();
                })
                .onMessage(GetStats.class, g -> {
                    g.replyTo().tell(new Stats(runningMessages.size(), waiting.size(), received, refused, answered,
                            malformed, duplicates));
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Protocol> onDeliver(Deliver d) {
        received++;
        IncomingMessage msg = d.message();
        if (msg.body().length > settings.maxCommandBytes()) {
            // Checked before parsing: reading it could take the whole heap, and its redelivery would do so again.
            return dropUnanswerable(msg, "larger than the limit of " + settings.maxCommandBytes()
                    + " bytes (gator.agent.max-command-size)");
        }
        Command command;
        try {
            command = MigJson.read(msg.body(), Command.class);
        } catch (MigJsonException | IllegalArgumentException e) {
            return dropUnanswerable(msg, "malformed: " + e.getMessage());
        }
        if (command.id() == 0) {
            // Schedulers answer results by command id; an answer with id 0 would be nobody's.
            return dropUnanswerable(msg, "without a command id (action " + command.action().id() + ")");
        }
        command = new Command(command.id(), command.action(), command.agent().withQueueLoc(settings.queueLoc()),
                command.status(), command.results(), command.startTime(), command.finishTime());
        long ticket = nextTicket++;
        try {
            verifier.verify(command);
        } catch (CommandRefusedException e) {
            refused++;
            ctx.getLog().warn("refused command {} of action {}: {}", command.id(), command.action().id(), e.getMessage());
            answerRefusal(ticket, command, e.getMessage(), msg);
            return Behaviors.same();
        } catch (RuntimeException e) {
            refused++;
            ctx.getLog().error("verifier error on command {}", command.id(), e);
            answerRefusal(ticket, command, "verification error: " + e, msg);
            return Behaviors.same();
        }
        // Checked after verification: a forged message reusing a real command's id must not suppress it.
        AnsweredCommands.Key key = new AnsweredCommands.Key(command.action().id(), command.id());
        Long original = unanswered.get(key);
        if (original != null || answeredRecently.contains(key)) {
            duplicates++;
            ctx.getLog().info("command {} of action {} delivered again; {}", command.id(), command.action().id(),
                    original != null ? "settled with the first delivery" : "already answered, not run again");
            if (original != null) {
                unansweredByTicket.get(original).duplicates().add(msg);
            } else {
                msg.ack();
            }
            return Behaviors.same();
        }
        unanswered.put(key, ticket);
        unansweredByTicket.put(ticket, new Unanswered(key, new ArrayList<>()));
        waiting.addLast(new Pending(ticket, command, msg));
        startWaiting();
        return Behaviors.same();
    }

    /** Acknowledges a message that cannot be answered, logged: no redelivery loop, nothing run. */
    private Behavior<Protocol> dropUnanswerable(IncomingMessage msg, String why) {
        malformed++;
        ctx.getLog().warn("dropping command message ({} bytes) {}", msg.body().length, why);
        msg.ack();
        return Behaviors.same();
    }

    private void startWaiting() {
        while (runningMessages.size() < settings.maxActions() && !waiting.isEmpty()) {
            Pending p = waiting.removeFirst();
            runningMessages.put(p.ticket(), p.message());
            ctx.spawn(CommandRunner.create(p.ticket(), p.command(), runtime, finishedAdapter),
                    "command-" + p.ticket());
        }
    }

    private Behavior<Protocol> onFinished(Finished f) {
        long ticket = f.finished().ticket();
        IncomingMessage msg = runningMessages.remove(ticket);
        if (msg != null) {
            answer(ticket, f.finished().command(), msg);
        }
        startWaiting();
        return Behaviors.same();
    }

    private void answer(long ticket, Command done, IncomingMessage msg) {
        publishing.put(ticket, new Answer(done.id(), MigJson.writeBytes(done), msg, 0));
        publish(ticket);
    }

    /**
     * Answers a refused command, unless the answer (the action echoed, one result per operation, as MIG's) would
     * be over twice the largest command: anyone can put a message in the queue, and a small one with thousands of
     * operations would otherwise make the agent hold and publish many times its size.
     */
    private void answerRefusal(long ticket, Command command, String reason, IncomingMessage msg) {
        byte[] body = MigJson.writeBytes(refusal(command, reason));
        if (body.length > 2L * settings.maxCommandBytes()) {
            ctx.getLog().warn("refusal of command {} not sent: its answer would take {} bytes", command.id(),
                    body.length);
            msg.ack();
            return;
        }
        publishing.put(ticket, new Answer(command.id(), body, msg, 0));
        publish(ticket);
    }

    private void publish(long ticket) {
        Answer a = publishing.get(ticket);
        if (a == null) {
            return;
        }
        ctx.pipeToSelf(relay.publish(OutgoingMessage.result(a.body(), settings.resultTtl())),
                (ok, err) -> new Published(ticket, err));
    }

    private Behavior<Protocol> onPublished(Published p) {
        Answer a = publishing.get(p.ticket());
        if (a == null) {
            return Behaviors.same();
        }
        if (p.error() == null) {
            publishing.remove(p.ticket());
            answered++;
            a.message().ack();
            settled(p.ticket(), true).forEach(IncomingMessage::ack);
        } else if (a.attempts() + 1 < settings.publishAttempts()) {
            ctx.getLog().warn("publishing result of command {} failed (attempt {}): {}", a.commandId(),
                    a.attempts() + 1, p.error().toString());
            publishing.put(p.ticket(), new Answer(a.commandId(), a.body(), a.message(), a.attempts() + 1));
            timers.startSingleTimer(new RetryPublish(p.ticket()), settings.publishRetryDelay());
        } else {
            // Give the command back to the broker: it is redelivered and run again rather than lost.
            ctx.getLog().error("giving up publishing result of command {}; requeueing it", a.commandId());
            publishing.remove(p.ticket());
            a.message().nack(true);
            settled(p.ticket(), false).forEach(m -> m.nack(true));
        }
        return Behaviors.same();
    }

    /**
     * Forgets a ticket's command as unanswered, remembering it as answered if it was; returns the further
     * deliveries to settle like its own message.
     */
    private List<IncomingMessage> settled(long ticket, boolean wasAnswered) {
        Unanswered u = unansweredByTicket.remove(ticket);
        if (u == null) {
            return List.of(); // a refusal: never remembered
        }
        unanswered.remove(u.key());
        if (wasAnswered) {
            answeredRecently.add(u.key());
        }
        return u.duplicates();
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
