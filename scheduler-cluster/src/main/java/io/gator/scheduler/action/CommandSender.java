package io.gator.scheduler.action;

import io.gator.core.action.Action;
import io.gator.core.relay.OutgoingMessage;
import io.gator.core.relay.Relay;
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
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Publishes an action's commands, one per targeted agent ({@code toagents} / {@code mig.agt.<queueloc>}), at most
 * {@code publish-parallelism} waiting for their broker confirm at once (the rest wait their turn); each confirmed
 * command goes to the {@link ConfirmBatcher} (which gets CommandsSent persisted); a publish the broker refused or
 * could not confirm is retried with exponential backoff per command. The window of publishes in flight shrinks by
 * half (at most once per second, down to {@link #MIN_WINDOW}) when publishes fail and grows by one per confirm: a
 * broker too slow to confirm within the timeout gets fewer publishes at once instead of a storm of retries, each of
 * which would be one more persistent copy of a command. Bodies come from one {@link CommandTemplate}
 * per action and no actor is spawned per command. Waiting for results and the expiry is the entity's job.
 * Stopping this actor (expiry, cancel) stops all publishing.
 */
final class CommandSender {
    sealed interface Msg {}

    record Job(long commandId, TargetAgent agent) {}

    record Enqueue(List<Job> jobs) implements Msg {}

    /** These commands are finished (results arrived): do not publish them any more. */
    record Forget(List<Long> commandIds) implements Msg {}

    private record Published(long commandId) implements Msg {}

    private record PublishFailed(long commandId, Throwable cause) implements Msg {}

    private record Retry(long commandId) implements Msg {}

    /** A command being published or waiting to be retried: its body is built once. */
    private static final class Out {
        final Job job;
        final byte[] body;
        Duration backoff;

        Out(Job job, byte[] body, Duration backoff) {
            this.job = job;
            this.body = body;
            this.backoff = backoff;
        }
    }

    /** Smallest window of publishes in flight while the broker struggles. */
    static final int MIN_WINDOW = 16;

    private CommandSender() {}

    static Behavior<Msg> create(Action action, Instant expireAfter, Instant startTime, int targets, Relay relay,
                                ActorRef<ConfirmBatcher.Msg> batcher, SchedulerSettings settings, Clock clock) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            CommandTemplate template = CommandTemplate.of(action, startTime, targets, expireAfter);
            Deque<Job> queue = new ArrayDeque<>();
            Map<Long, Out> inFlight = new HashMap<>(); // publish sent, confirm awaited
            Map<Long, Out> retrying = new HashMap<>(); // failed, waiting for its retry timer
            Set<Long> known = new HashSet<>();
            Set<Long> forgotten = new HashSet<>(); // finished while in flight: no retry
            int[] failuresLogged = {0};
            int[] window = {settings.publishParallelism()};
            long[] lastShrink = {0};

            java.util.function.Consumer<Out> publish = o -> {
                Duration ttl = Duration.between(clock.instant(), template.expireAfter());
                OutgoingMessage msg = OutgoingMessage.toAgent(o.job.agent().queueLoc(), o.body,
                        Optional.of(ttl.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : ttl));
                inFlight.put(o.job.commandId(), o);
                long id = o.job.commandId();
                ctx.pipeToSelf(relay.publish(msg), (ok, err) -> err == null ? new Published(id) : new PublishFailed(id, err));
            };
            Runnable fill = () -> {
                while (inFlight.size() + retrying.size() < window[0] && !queue.isEmpty()) {
                    Job j = queue.poll();
                    publish.accept(new Out(j, template.body(j.commandId(), j.agent(), clock.instant()),
                            settings.publishRetryMin()));
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
                    .onMessage(Published.class, m -> {
                        inFlight.remove(m.commandId());
                        window[0] = Math.min(settings.publishParallelism(), window[0] + 1);
                        if (!forgotten.remove(m.commandId())) {
                            batcher.tell(new ConfirmBatcher.Confirmed(m.commandId()));
                        }
                        fill.run();
                        return Behaviors.same();
                    })
                    .onMessage(PublishFailed.class, m -> {
                        Out o = inFlight.remove(m.commandId());
                        if (forgotten.remove(m.commandId()) || o == null) {
                            fill.run();
                            return Behaviors.same();
                        }
                        // a broker outage fails every publish in flight: log a few, not thousands
                        if (failuresLogged[0]++ < 20 || failuresLogged[0] % 1000 == 0) {
                            ctx.getLog().warn("command {} to {}: publish failed ({}), retry in {} ({} failures so far)",
                                    m.commandId(), o.job.agent().queueLoc(), m.cause().toString(), o.backoff,
                                    failuresLogged[0]);
                        }
                        long now = System.nanoTime();
                        if (now - lastShrink[0] > 1_000_000_000L) {
                            window[0] = Math.max(Math.min(MIN_WINDOW, settings.publishParallelism()), window[0] / 2);
                            lastShrink[0] = now;
                        }
                        retrying.put(m.commandId(), o);
                        timers.startSingleTimer(m.commandId(), new Retry(m.commandId()), o.backoff);
                        Duration next = o.backoff.multipliedBy(2);
                        o.backoff = next.compareTo(settings.publishRetryMax()) > 0 ? settings.publishRetryMax() : next;
                        return Behaviors.same();
                    })
                    .onMessage(Retry.class, m -> {
                        Out o = retrying.remove(m.commandId());
                        if (o != null) {
                            publish.accept(o);
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Forget.class, m -> {
                        Set<Long> gone = new HashSet<>(m.commandIds());
                        for (long id : gone) {
                            if (retrying.remove(id) != null) {
                                timers.cancel(id);
                            } else if (inFlight.containsKey(id)) {
                                forgotten.add(id);
                            }
                        }
                        queue.removeIf(j -> gone.contains(j.commandId()));
                        fill.run();
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
