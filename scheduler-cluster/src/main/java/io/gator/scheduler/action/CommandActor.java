package io.gator.scheduler.action;

import io.gator.core.action.Action;
import io.gator.core.action.Counters;
import io.gator.core.command.Command;
import io.gator.core.command.CommandStatus;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;
import io.gator.core.relay.OutgoingMessage;
import io.gator.core.relay.Relay;
import io.gator.scheduler.SchedulerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Publishes one command to one agent ({@code toagents} / {@code mig.agt.<queueloc>}) and waits for the
 * broker's confirm; retries with exponential backoff while the broker is down or refuses; on confirm it
 * reports to the batcher (which gets CommandsSent persisted) and stops. Waiting for the result and the
 * expiry is the entity's job, so a child costs nothing once its command is out.
 */
final class CommandActor {
    sealed interface Msg {}

    private record Published() implements Msg {}

    private record PublishFailed(Throwable cause) implements Msg {}

    private enum Retry implements Msg { INSTANCE }

    /** What every command of an action shares (PROTOCOL-DETAIL 3.1: status preparing, counters.sent = targets). */
    record Template(Action action, Instant expireAfter, List<Result> emptyResults) {}

    private CommandActor() {}

    static Template template(Action action, Instant startTime, int targets, Instant expireAfter) {
        OffsetDateTime start = startTime.atOffset(ZoneOffset.UTC);
        Action forAgents = action.withInvestigators(List.of())
                .withStatus(ActionEntity.PREPARING, new Counters(targets, 0, 0, 0, 0, 0, 0, 0))
                .withTimes(start, MigTime.ZERO, MigTime.ZERO);
        List<Result> empty = new ArrayList<>();
        for (int i = 0; i < action.operations().size(); i++) {
            empty.add(Result.EMPTY);
        }
        return new Template(forAgents, expireAfter, List.copyOf(empty));
    }

    /** The command body sent to the agent. */
    static byte[] body(long commandId, TargetAgent agent, Template t, Instant now) {
        Command c = new Command(commandId, t.action(), agent.toAgent(), CommandStatus.SENT, t.emptyResults(),
                now.atOffset(ZoneOffset.UTC), MigTime.ZERO);
        return MigJson.writeBytes(c);
    }

    static Behavior<Msg> create(long commandId, TargetAgent agent, Template template, Relay relay,
                                ActorRef<ConfirmBatcher.Msg> batcher, ActorRef<CommandSender.Msg> parent,
                                SchedulerSettings settings, Clock clock) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            byte[] body = body(commandId, agent, template, clock.instant());
            Duration[] backoff = {settings.publishRetryMin()};
            Runnable publish = () -> {
                Duration ttl = Duration.between(clock.instant(), template.expireAfter());
                OutgoingMessage msg = OutgoingMessage.toAgent(agent.queueLoc(), body,
                        Optional.of(ttl.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : ttl));
                ctx.pipeToSelf(relay.publish(msg), (ok, err) -> err == null ? new Published() : new PublishFailed(err));
            };
            publish.run();
            return Behaviors.receive(Msg.class)
                    .onMessage(Published.class, m -> {
                        batcher.tell(new ConfirmBatcher.Confirmed(commandId));
                        parent.tell(new CommandSender.ChildDone(commandId));
                        return Behaviors.stopped();
                    })
                    .onMessage(PublishFailed.class, m -> {
                        ctx.getLog().warn("command {} to {}: publish failed ({}), retry in {}", commandId,
                                agent.queueLoc(), m.cause().toString(), backoff[0]);
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
