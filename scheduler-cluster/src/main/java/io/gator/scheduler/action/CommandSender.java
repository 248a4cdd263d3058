package io.gator.scheduler.action;

import io.gator.core.action.Action;
import io.gator.relay.Relay;
import io.gator.scheduler.SchedulerSettings;
import java.time.Clock;
import java.time.Duration;
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
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Publishes an action's commands through one {@link CommandActor} child per targeted agent
 * ({@code toagents} / {@code mig.agt.<queueloc>}), spawned when that command's publish starts (name
 * {@code cmd-<command id>}) and stopped once its broker confirm arrived: at most {@code publish-parallelism}
 * children are alive at once and the rest of the commands wait their turn in a queue, so 10,000 agents never mean
 * 10,000 live actors. Each child retries its own publish with exponential backoff; each confirm goes on to the
 * {@link ConfirmBatcher} (which gets CommandsSent persisted) and lets the next command start. The window of children
 * shrinks by half (at most once per second, down to {@link #MIN_WINDOW}) when publishes fail and grows by one per
 * confirm: a broker too slow to confirm within the timeout gets fewer publishes at once instead of a storm of
 * retries, each of which would be one more persistent copy of a command. Bodies are spliced from one
 * {@link CommandTemplate} per action, never re-serialized per agent. Waiting for results and the expiry is the
 * entity's job. Stopping this actor (expiry, cancel) stops all its children and so all publishing.
 */
final class CommandSender {
    sealed interface Msg {}

    record Job(long commandId, TargetAgent agent) {}

    record Enqueue(List<Job> jobs) implements Msg {}

    /** These commands are finished (results arrived): do not publish them any more. */
    record Forget(List<Long> commandIds) implements Msg {}

    /** From a child: the broker confirmed its command; the child stops. */
    record Confirmed(long commandId) implements Msg {}

    /** From a child: its publish failed and is retried in {@code retryIn}. */
    record Failed(long commandId, Throwable cause, Duration retryIn) implements Msg {}

    /** A child stopped without a confirm (it crashed): its slot is freed, the entity re-sends it on restart. */
    private record ChildGone(long commandId) implements Msg {}

    /** Smallest window of publishes in flight while the broker struggles. */
    static final int MIN_WINDOW = 16;

    private CommandSender() {}

    static Behavior<Msg> create(Action action, Instant expireAfter, Instant startTime, int targets, Relay relay,
                                ActorRef<ConfirmBatcher.Msg> batcher, SchedulerSettings settings, Clock clock) {
        return Behaviors.setup(ctx -> {
            CommandTemplate template = CommandTemplate.of(action, startTime, targets, expireAfter);
            Deque<Job> queue = new ArrayDeque<>();
            Map<Long, ActorRef<CommandActor.Msg>> children = new HashMap<>(); // publishing, confirm awaited
            Set<Long> known = new HashSet<>();
            int[] failuresLogged = {0};
            int[] window = {settings.publishParallelism()};
            long[] lastShrink = {0};

            Runnable fill = () -> {
                while (children.size() < window[0] && !queue.isEmpty()) {
                    Job j = queue.poll();
                    byte[] body = template.body(j.commandId(), j.agent(), clock.instant());
                    ActorRef<CommandActor.Msg> child = ctx.spawn(CommandActor.create(j, body, template.expireAfter(),
                            relay, ctx.getSelf(), settings, clock), "cmd-" + j.commandId());
                    ctx.watchWith(child, new ChildGone(j.commandId()));
                    children.put(j.commandId(), child);
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
                    .onMessage(Confirmed.class, m -> {
                        // absent: forgotten (result arrived) while its confirm was on the way, nothing to persist
                        if (children.remove(m.commandId()) != null) {
                            batcher.tell(new ConfirmBatcher.Confirmed(m.commandId()));
                        }
                        window[0] = Math.min(settings.publishParallelism(), window[0] + 1);
                        fill.run();
                        return Behaviors.same();
                    })
                    .onMessage(Failed.class, m -> {
                        // a broker outage fails every publish in flight: log a few, not thousands
                        if (failuresLogged[0]++ < 20 || failuresLogged[0] % 1000 == 0) {
                            ctx.getLog().warn("command {}: publish failed ({}), retry in {} ({} failures so far)",
                                    m.commandId(), m.cause().toString(), m.retryIn(), failuresLogged[0]);
                        }
                        long now = System.nanoTime();
                        if (now - lastShrink[0] > 1_000_000_000L) {
                            window[0] = Math.max(Math.min(MIN_WINDOW, settings.publishParallelism()), window[0] / 2);
                            lastShrink[0] = now;
                        }
                        return Behaviors.same();
                    })
                    .onMessage(ChildGone.class, m -> {
                        if (children.remove(m.commandId()) != null) {
                            ctx.getLog().error("command {}: publishing child stopped without a confirm; it is sent "
                                    + "again when the action restarts", m.commandId());
                            fill.run();
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Forget.class, m -> {
                        Set<Long> gone = new HashSet<>(m.commandIds());
                        for (long id : gone) {
                            ActorRef<CommandActor.Msg> child = children.remove(id);
                            if (child != null) {
                                ctx.unwatch(child);
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
