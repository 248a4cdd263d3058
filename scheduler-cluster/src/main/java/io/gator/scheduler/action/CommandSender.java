package io.gator.scheduler.action;

import io.gator.core.action.Action;
import io.gator.core.relay.Relay;
import io.gator.scheduler.SchedulerSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Parent of an action's {@link CommandActor}s: one child per targeted agent, at most
 * {@code publish-parallelism} publishing at once so 10,000 agents do not mean 10,000 concurrent publishes.
 * Stopping it (expiry, cancel) stops every child.
 */
final class CommandSender {
    sealed interface Msg {}

    record Job(long commandId, TargetAgent agent) {}

    record Enqueue(List<Job> jobs) implements Msg {}

    /** These commands are finished (results arrived): do not publish them any more. */
    record Forget(List<Long> commandIds) implements Msg {}

    record ChildDone(long commandId) implements Msg {}

    private CommandSender() {}

    static Behavior<Msg> create(Action action, Instant expireAfter, Instant startTime, int targets, Relay relay,
                                ActorRef<ConfirmBatcher.Msg> batcher, SchedulerSettings settings, Clock clock) {
        return Behaviors.setup(ctx -> {
            Deque<Job> queue = new ArrayDeque<>();
            Map<Long, ActorRef<CommandActor.Msg>> running = new HashMap<>();
            Set<Long> known = new HashSet<>();
            CommandActor.Template template = CommandActor.template(action, startTime, targets, expireAfter);
            Runnable fill = () -> {
                while (running.size() < settings.publishParallelism() && !queue.isEmpty()) {
                    Job j = queue.poll();
                    running.put(j.commandId(), ctx.spawn(CommandActor.create(j.commandId(), j.agent(), template, relay,
                            batcher, ctx.getSelf(), settings, clock), "cmd-" + j.commandId()));
                }
            };
            return Behaviors.receive(Msg.class)
                    .onMessage(Enqueue.class, m -> {
                        for (Job j : m.jobs()) {
                            if (known.add(j.commandId())) {
                                queue.add(j);
                            }
                        }
                        fill.run();
                        return Behaviors.same();
                    })
                    .onMessage(ChildDone.class, m -> {
                        running.remove(m.commandId());
                        fill.run();
                        return Behaviors.same();
                    })
                    .onMessage(Forget.class, m -> {
                        Set<Long> gone = new HashSet<>(m.commandIds());
                        for (long id : gone) {
                            ActorRef<CommandActor.Msg> child = running.remove(id);
                            if (child != null) {
                                ctx.stop(child);
                            }
                        }
                        queue.removeIf(j -> gone.contains(j.commandId()));
                        fill.run();
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
