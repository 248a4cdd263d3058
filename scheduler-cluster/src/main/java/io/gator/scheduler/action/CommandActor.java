package io.gator.scheduler.action;

import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import io.gator.scheduler.SchedulerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The command to one targeted agent while it is being published: its start and each {@link Publish} is one
 * attempt to {@code toagents} / {@code mig.agt.<queueloc>} with the time left until {@code expireafter} as TTL,
 * answered with the broker's verdict. How many attempts run at once and when a failed one is tried again is decided by the
 * {@link CommandSender}'s stream, not here; the child tells its parent about each failure (for the log) and stops
 * once the broker confirmed. Waiting for the result and the expiry is the entity's job. The body is spliced by
 * the parent from the action's {@link CommandTemplate}: nothing is serialized here.
 */
final class CommandActor {
    sealed interface Msg {}

    /** One publish attempt, completing {@code outcome} (local only: the stream waits on it). */
    record Publish(CompletableFuture<Outcome> outcome) implements Msg {}

    /** Stop publishing: the command's result arrived; an attempt in flight is answered {@link Forgotten}. */
    enum Forget implements Msg { INSTANCE }

    private record Settled(Outcome outcome) implements Msg {}

    /** What became of one publish attempt. */
    sealed interface Outcome {
        long commandId();
    }

    /** The broker confirmed the command. */
    record Confirmed(long commandId) implements Outcome {}

    /** The broker refused or did not confirm it (or its CommandActor crashed): worth another attempt. */
    record Failed(long commandId, Throwable cause) implements Outcome {}

    /** Its result arrived or the action ended first: never to be published again. */
    record Forgotten(long commandId) implements Outcome {}

    /**
     * The longest per-message TTL a command gets: RabbitMQ refuses larger ones by closing the channel (and the
     * publishes in flight on it). A command queued longer than this is dropped by the broker; the agent would
     * have checked expireafter anyway.
     */
    static final Duration MAX_TTL = Duration.ofDays(365);

    private CommandActor() {}

    /** A child making its first attempt at once, completing {@code first}. */
    static Behavior<Msg> create(CommandSender.Job job, byte[] body, Instant expireAfter, Relay relay,
                                ActorRef<CommandSender.Msg> parent, Clock clock, CompletableFuture<Outcome> first) {
        Attempts attempts = new Attempts(job, body, expireAfter, relay, parent, clock);
        return Behaviors.setup(ctx -> attempts.attempt(ctx, first));
    }

    /** The two states of a child: one attempt awaiting the broker's verdict, and between attempts. */
    private record Attempts(CommandSender.Job job, byte[] body, Instant expireAfter, Relay relay,
                            ActorRef<CommandSender.Msg> parent, Clock clock) {
        Behavior<Msg> attempt(ActorContext<Msg> ctx, CompletableFuture<Outcome> outcome) {
            long id = job.commandId();
            ctx.pipeToSelf(relay.publish(message(job, body, expireAfter, clock)), (ok, err) ->
                    new Settled(err == null ? new Confirmed(id) : new Failed(id, err)));
            return publishing(ctx, outcome);
        }

        Behavior<Msg> publishing(ActorContext<Msg> ctx, CompletableFuture<Outcome> outcome) {
            return Behaviors.receive(Msg.class)
                    .onMessage(Settled.class, m -> {
                        // completed here, not on the relay's thread: the next Publish then finds this actor idle
                        outcome.complete(m.outcome());
                        if (m.outcome() instanceof Failed f) {
                            parent.tell(new CommandSender.Failed(job.commandId(), f.cause()));
                            return idle(ctx);
                        }
                        return Behaviors.stopped();
                    })
                    .onMessageEquals(Forget.INSTANCE, () -> {
                        outcome.complete(new Forgotten(job.commandId()));
                        return Behaviors.stopped();
                    })
                    .build();
        }

        Behavior<Msg> idle(ActorContext<Msg> ctx) {
            return Behaviors.receive(Msg.class)
                    .onMessage(Publish.class, m -> attempt(ctx, m.outcome()))
                    .onMessageEquals(Forget.INSTANCE, Behaviors::stopped)
                    .build();
        }
    }

    private static OutgoingMessage message(CommandSender.Job job, byte[] body, Instant expireAfter, Clock clock) {
        Duration ttl = Duration.between(clock.instant(), expireAfter);
        ttl = ttl.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
        return OutgoingMessage.toAgent(job.agent().queueLoc(), body, Optional.of(ttl));
    }
}
