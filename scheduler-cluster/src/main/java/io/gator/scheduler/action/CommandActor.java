package io.gator.scheduler.action;

import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import io.gator.scheduler.SchedulerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Publishes one command to one agent ({@code toagents} / {@code mig.agt.<queueloc>}, TTL until
 * {@code expireafter}) and waits for the broker's confirm; while the broker is down or refuses it retries with
 * exponential backoff ({@code publish-retry-min} doubling up to {@code publish-retry-max}). It tells its
 * {@link CommandSender} parent about every failure (so the sender's window can shrink) and about the confirm (the
 * sender hands it to the {@link ConfirmBatcher}, which gets CommandsSent persisted), then stops. Waiting for the
 * result and the expiry is the entity's job, so a child lives only while its command is being published. The
 * body is spliced by the parent from the action's {@link CommandTemplate}: nothing is serialized here.
 */
final class CommandActor {
    sealed interface Msg {}

    private record Published() implements Msg {}

    private record PublishFailed(Throwable cause) implements Msg {}

    private enum Retry implements Msg { INSTANCE }

    /**
     * The longest per-message TTL a command gets: RabbitMQ refuses larger ones by closing the channel (and the
     * publishes in flight on it). A command queued longer than this is dropped by the broker; the agent would
     * have checked expireafter anyway.
     */
    static final Duration MAX_TTL = Duration.ofDays(365);

    private CommandActor() {}

    static Behavior<Msg> create(CommandSender.Job job, byte[] body, Instant expireAfter, Relay relay,
                                ActorRef<CommandSender.Msg> parent, SchedulerSettings settings, Clock clock) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            long id = job.commandId();
            Duration[] backoff = {settings.publishRetryMin()};
            Runnable publish = () -> {
                Duration ttl = Duration.between(clock.instant(), expireAfter);
                ttl = ttl.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                        : ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
                OutgoingMessage msg = OutgoingMessage.toAgent(job.agent().queueLoc(), body, Optional.of(ttl));
                ctx.pipeToSelf(relay.publish(msg), (ok, err) -> err == null ? new Published() : new PublishFailed(err));
            };
            publish.run();
            return Behaviors.receive(Msg.class)
                    .onMessage(Published.class, m -> {
                        parent.tell(new CommandSender.Confirmed(id));
                        return Behaviors.stopped();
                    })
                    .onMessage(PublishFailed.class, m -> {
                        parent.tell(new CommandSender.Failed(id, m.cause(), backoff[0]));
                        timers.startSingleTimer(Retry.INSTANCE, backoff[0]);
                        Duration next = backoff[0].multipliedBy(2);
                        backoff[0] = next.compareTo(settings.publishRetryMax()) > 0 ? settings.publishRetryMax() : next;
                        return Behaviors.same();
                    })
                    .onMessageEquals(Retry.INSTANCE, () -> {
                        publish.run();
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
