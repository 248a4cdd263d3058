package io.gator.scheduler.action;

import io.gator.core.action.Action;
import io.gator.relay.Relay;
import io.gator.scheduler.SchedulerSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.AbruptStageTerminationException;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RetryFlow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Publishes an action's commands as a stream: the commands queue up in order; at most {@code publish-parallelism}
 * first attempts are in flight at once ({@code mapAsyncUnordered}); a failed one goes on to at most
 * {@code publish-retry-parallelism} commands being retried with exponential backoff at once ({@link RetryFlow}),
 * and while more failures wait for a retry slot they hold their first-attempt slot, so a broker too slow to confirm
 * in time gets fewer publishes instead of a storm of retries, each of which would be one more persistent copy of
 * a command. Confirms are gathered for {@code confirm-gather-window} or up to {@code confirm-batch-max}
 * ({@code groupedWithin}) and handed to the entity as one {@link ActionEntity.SendConfirmed}: one journal write per
 * batch, a few entity messages instead of 10,000 in its stash.
 *
 * <p>Each attempt is made by the {@link CommandActor} of the targeted agent ({@code cmd-<command id>}), spawned at
 * the command's first attempt and stopped at its confirm, so only commands being published have an actor.
 * Commands whose result arrived are forgotten ({@link Forget}) and never published again. Bodies are spliced from
 * one {@link CommandTemplate} per action, never re-serialized per agent. Stopping this actor (expiry, cancel)
 * stops its children and its streams, and so all publishing.
 *
 * <p>Paced dispatch: when the action has a {@link Pacing} or the cluster a {@link DispatchPace}, each command
 * first waits at a gate for its turn: the action's in-flight cap (commands admitted and not answered), the action's
 * rate (a {@link TokenBucket} ticked by a timer), then the node's throttle. Unpaced, the gate is not in the stream.
 */
final class CommandSender extends AbstractBehavior<CommandSender.Msg> {
    sealed interface Msg {}

    record Job(long commandId, TargetAgent agent) {}

    record Enqueue(List<Job> jobs) implements Msg {}

    /** These commands are finished (results arrived): do not publish them any more. */
    record Forget(List<Long> commandIds) implements Msg {}

    /** From a child: one publish attempt failed (the stream retries it). */
    record Failed(long commandId, Throwable cause) implements Msg {}

    /**
     * From the stream: one publish attempt of {@code job}, completing {@code outcome}. A future rather than an
     * ask: this never leaves the node, and an ask per command made publishing several times slower (measured).
     */
    private record Attempt(Job job, CompletableFuture<CommandActor.Outcome> outcome) implements Msg {}

    /** From the stream: a batch of broker confirms. */
    private record Confirms(List<Long> commandIds) implements Msg {}

    /** The publishing stream failed. */
    private record StreamFailed(Throwable cause) implements Msg {}

    /** A child stopped: confirmed, forgotten, or crashed (then its attempt counts as failed and is retried). */
    private record ChildGone(long commandId) implements Msg {}

    /** From the stream: {@code job} waits at the gate; {@code admitted} completes at its turn. */
    private record Admit(Job job, CompletableFuture<Job> admitted) implements Msg {}

    /** The action's token bucket refills. */
    private enum PaceTick implements Msg { INSTANCE }

    /** Ask the node's throttle again after it refused. */
    private enum AskNodeAgain implements Msg { INSTANCE }

    /** The node throttle's answer. */
    private record NodeReply(DispatchPace.Reply reply) implements Msg {}

    /** A first attempt's job and outcome, on its way to the retry stage. */
    private record Tried(Job job, CommandActor.Outcome outcome) {}

    private final ActorRef<ActionEntity.Command> entity;
    private final CommandTemplate template;
    private final Relay relay;
    private final SchedulerSettings settings;
    private final Clock clock;
    private final BoundedSourceQueue<Job> queue;
    /** Children of the commands being published. */
    private final Map<Long, ActorRef<CommandActor.Msg>> children = new HashMap<>();
    /** Each child's latest attempt, failed should the child stop without completing it. */
    private final Map<Long, CompletableFuture<CommandActor.Outcome>> attempts = new HashMap<>();
    /** Every command ever enqueued: a second Enqueue of one is ignored. */
    private final Set<Long> known = new HashSet<>();
    /** Enqueued and neither confirmed nor forgotten. */
    private final Set<Long> open = new HashSet<>();
    private long failures;

    private final Pacing pacing;
    private final DispatchPace.Settings paceSettings;
    private final DispatchPace pace;
    private final ActorRef<DispatchPace.Msg> node;
    private final ActorRef<DispatchPace.Reply> nodeReplies;
    private final org.apache.pekko.actor.typed.javadsl.TimerScheduler<Msg> timers;
    /** The action's rate; null when it has none. */
    private final TokenBucket bucket;
    /** Commands waiting at the gate for the action's cap and rate, in order (at most {@link #gateWidth}). */
    private final java.util.ArrayDeque<Admit> atGate = new java.util.ArrayDeque<>();
    /** Commands past the action's limits whose turn was asked of the node's throttle, not answered yet. */
    private final java.util.ArrayDeque<Admit> atNode = new java.util.ArrayDeque<>();
    /** After a refusal by the node: no asking until the AskNodeAgain timer. */
    private boolean nodeBackoff;
    /** Commands admitted through the gate and not answered yet (paced dispatch only). */
    private final Set<Long> inFlight = new HashSet<>();

    private CommandSender(ActorContext<Msg> ctx, Action action, Instant expireAfter, Instant startTime, int targets,
                          int capacity, Relay relay, ActorRef<ActionEntity.Command> entity, SchedulerSettings settings,
                          Clock clock, Pacing pacing, DispatchPace pace,
                          org.apache.pekko.actor.typed.javadsl.TimerScheduler<Msg> timers) {
        super(ctx);
        this.entity = entity;
        this.template = CommandTemplate.of(action, startTime, targets, expireAfter);
        this.relay = relay;
        this.settings = settings;
        this.clock = clock;
        this.pacing = pacing;
        this.paceSettings = pace.settings();
        this.node = pace.node().orElse(null);
        this.nodeReplies = node == null ? null : ctx.messageAdapter(DispatchPace.Reply.class, NodeReply::new);
        this.timers = timers;
        this.pace = pace;
        this.bucket = pacing.rate() > 0 ? new TokenBucket(pacing.rate(), paceSettings.actionBurst(pacing.rate()),
                pace.nanoTime()) : null;
        Pair<BoundedSourceQueue<Job>, CompletionStage<Done>> run = publishing(ctx, capacity);
        this.queue = run.first();
        ActorRef<Msg> self = ctx.getSelf();
        run.second().whenComplete((done, err) -> {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            // abrupt termination is this actor stopping: nobody to tell
            if (cause != null && !(cause instanceof AbruptStageTerminationException)) {
                self.tell(new StreamFailed(cause));
            }
        });
    }

    static Behavior<Msg> create(Action action, Instant expireAfter, Instant startTime, int targets, Relay relay,
                                ActorRef<ActionEntity.Command> entity, SchedulerSettings settings, Clock clock) {
        return create(action, expireAfter, startTime, targets, targets, relay, entity, settings, clock);
    }

    /** {@code capacity}: how many commands can wait for publishing (more than {@code targets} for late reach). */
    static Behavior<Msg> create(Action action, Instant expireAfter, Instant startTime, int targets, int capacity,
                                Relay relay, ActorRef<ActionEntity.Command> entity, SchedulerSettings settings,
                                Clock clock) {
        return create(action, expireAfter, startTime, targets, capacity, relay, entity, settings, clock, Pacing.NONE,
                null, Set.of());
    }

    /**
     * Paced by the action's {@code pacing} and the node's {@code pace} ({@code null}: the system's
     * {@link DispatchPace}); {@code unanswered}: commands sent before this sender started (an action resumed on
     * another node) and not answered yet, which hold slots of the action's in-flight cap until they are.
     */
    static Behavior<Msg> create(Action action, Instant expireAfter, Instant startTime, int targets, int capacity,
                                Relay relay, ActorRef<ActionEntity.Command> entity, SchedulerSettings settings,
                                Clock clock, Pacing pacing, DispatchPace pace, Set<Long> unanswered) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            CommandSender s = new CommandSender(ctx, action, expireAfter, startTime, targets, capacity, relay, entity,
                    settings, clock, pacing, pace == null ? DispatchPace.get(ctx.getSystem()) : pace, timers);
            s.inFlight.addAll(unanswered);
            return s;
        }));
    }

    private boolean paced() {
        return pacing.paced() || node != null;
    }

    /**
     * Commands the gate holds at once: a second of the action's rate (at least 16, at most 10,000), so that the
     * tokens of a timer that fired late find commands to spend them on (and each sender asks the node for several
     * turns at a time).
     */
    private int gateWidth() {
        return Math.max(16, Math.min(10_000, pacing.rate()));
    }

    /** The stream; its materializer belongs to this actor, so the stream and its retries end with it. */
    private Pair<BoundedSourceQueue<Job>, CompletionStage<Done>> publishing(ActorContext<Msg> ctx, int targets) {
        Materializer mat = Materializer.createMaterializer(ctx);
        ActorRef<Msg> self = ctx.getSelf();
        Flow<Job, CommandActor.Outcome, ?> attempt = Flow.<Job>create().mapAsync(1, job -> attempt(self, job));
        Flow<Job, CommandActor.Outcome, ?> retrying = RetryFlow.withBackoff(settings.publishRetryMin(),
                settings.publishRetryMax(), settings.publishRetryRandomFactor(), Integer.MAX_VALUE, attempt,
                (job, outcome) -> outcome instanceof CommandActor.Failed ? Optional.of(job) : Optional.empty());
        // each command is enqueued once (known), so a buffer of one per target never overflows
        Source<Job, BoundedSourceQueue<Job>> queued = Source.queue(Math.max(1, targets));
        // unpaced (the default), the stream is exactly as it was: no gate, no message per command
        return (paced() ? queued.mapAsync(gateWidth(), job -> admit(self, job)) : queued)
                .mapAsyncUnordered(settings.publishParallelism(),
                        job -> attempt(self, job).thenApply(o -> new Tried(job, o)))
                .mapAsyncUnordered(settings.publishRetryParallelism(), t -> t.outcome() instanceof CommandActor.Failed
                        // the first retry waits publish-retry-min too; RetryFlow's backoff grows from there
                        ? Source.single(t.job()).initialDelay(settings.publishRetryMin()).via(retrying)
                                .runWith(Sink.head(), mat)
                        : CompletableFuture.completedFuture(t.outcome()))
                .collectType(CommandActor.Confirmed.class)
                .map(CommandActor.Confirmed::commandId)
                .groupedWithin(settings.confirmBatchMax(), settings.confirmGatherWindow())
                .toMat(Sink.foreach(ids -> self.tell(new Confirms(ids))), Keep.both())
                .run(mat);
    }

    /** The gate: completes once the command's turn came. */
    private static CompletionStage<Job> admit(ActorRef<Msg> self, Job job) {
        CompletableFuture<Job> admitted = new CompletableFuture<>();
        self.tell(new Admit(job, admitted));
        return admitted;
    }

    /** One attempt through the command's child. */
    private static CompletionStage<CommandActor.Outcome> attempt(ActorRef<Msg> self, Job job) {
        CompletableFuture<CommandActor.Outcome> outcome = new CompletableFuture<>();
        self.tell(new Attempt(job, outcome));
        return outcome;
    }

    @Override
    public Receive<Msg> createReceive() {
        return newReceiveBuilder()
                .onMessage(Enqueue.class, this::onEnqueue)
                .onMessage(Attempt.class, this::onAttempt)
                .onMessage(Confirms.class, this::onConfirms)
                .onMessage(Failed.class, this::onFailed)
                .onMessage(Forget.class, this::onForget)
                .onMessage(Admit.class, m -> {
                    atGate.add(m);
                    tryAdmit();
                    return this;
                })
                .onMessageEquals(PaceTick.INSTANCE, () -> {
                    bucket.refill(pace.nanoTime());
                    tryAdmit();
                    bucket.settle();
                    return this;
                })
                .onMessageEquals(AskNodeAgain.INSTANCE, () -> {
                    nodeBackoff = false;
                    tryAdmit();
                    return this;
                })
                .onMessage(NodeReply.class, this::onNodeReply)
                .onMessage(ChildGone.class, m -> {
                    children.remove(m.commandId());
                    CompletableFuture<CommandActor.Outcome> attempt = attempts.remove(m.commandId());
                    if (attempt != null) { // no-op unless the child crashed with its attempt open
                        attempt.complete(new CommandActor.Failed(m.commandId(),
                                new IllegalStateException("CommandActor stopped during its publish")));
                    }
                    return this;
                })
                .onMessage(StreamFailed.class, m -> {
                    getContext().getLog().error("publishing stream failed ({}); unconfirmed commands are sent again "
                            + "when the action restarts", m.cause().toString());
                    return Behaviors.stopped();
                })
                .build();
    }

    private Behavior<Msg> onEnqueue(Enqueue m) {
        for (Job j : m.jobs()) {
            if (known.add(j.commandId())) {
                open.add(j.commandId());
                QueueOfferResult r = queue.offer(j);
                if (!QueueOfferResult.enqueued().equals(r)) {
                    getContext().getLog().error("command {}: not queued for publishing ({})", j.commandId(), r);
                }
            }
        }
        return this;
    }

    private Behavior<Msg> onAttempt(Attempt m) {
        long id = m.job().commandId();
        if (!open.contains(id)) {
            m.outcome().complete(new CommandActor.Forgotten(id));
            return this;
        }
        attempts.put(id, m.outcome());
        ActorRef<CommandActor.Msg> child = children.get(id);
        if (child != null) {
            child.tell(new CommandActor.Publish(m.outcome()));
            return this;
        }
        byte[] body = template.body(id, m.job().agent(), clock.instant());
        child = getContext().spawn(CommandActor.create(m.job(), body, template.expireAfter(), relay,
                getContext().getSelf(), clock, m.outcome()), "cmd-" + id);
        getContext().watchWith(child, new ChildGone(id));
        children.put(id, child);
        return this;
    }

    private Behavior<Msg> onConfirms(Confirms m) {
        List<Long> fresh = new ArrayList<>(m.commandIds().size());
        for (long id : m.commandIds()) {
            // absent: forgotten (result arrived) while its confirm was on the way, nothing to persist
            if (open.remove(id)) {
                fresh.add(id);
            }
        }
        if (!fresh.isEmpty()) {
            entity.tell(new ActionEntity.SendConfirmed(fresh));
        }
        return this;
    }

    private Behavior<Msg> onFailed(Failed m) {
        // a broker outage fails every publish in flight: log a few, not thousands
        if (failures++ < 20 || failures % 1000 == 0) {
            getContext().getLog().warn("command {}: publish failed ({}), retried with backoff ({} failures so far)",
                    m.commandId(), m.cause().toString(), failures);
        }
        return this;
    }

    /** Lets commands at the gate through while the action's cap and rate allow, then asks the node for their turn. */
    private void tryAdmit() {
        while (!atGate.isEmpty() && !nodeBackoff) {
            Admit head = atGate.peek();
            if (!open.contains(head.job().commandId())) {
                atGate.poll();
                admitted(head, false); // forgotten meanwhile: its attempt answers Forgotten, it takes no turn
                continue;
            }
            if (pacing.inFlight() > 0 && inFlight.size() + atNode.size() >= pacing.inFlight()) {
                break; // a result frees a slot (onForget)
            }
            if (bucket != null && !bucket.tryTake()) {
                break; // the next tick brings a token
            }
            atGate.poll();
            if (node != null) {
                atNode.add(head);
                node.tell(new DispatchPace.Acquire(nodeReplies));
            } else {
                admitted(head, true);
            }
        }
        // ticks run while the bucket refills; a full, idle bucket costs nothing
        if (bucket != null && (!atGate.isEmpty() || !bucket.full())) {
            if (!timers.isTimerActive(PaceTick.INSTANCE)) {
                bucket.restart(pace.nanoTime());
                timers.startTimerAtFixedRate(PaceTick.INSTANCE, PaceTick.INSTANCE, paceSettings.tick());
            }
        } else if (bucket != null) {
            timers.cancel(PaceTick.INSTANCE);
        }
    }

    private void admitted(Admit a, boolean takesSlot) {
        if (takesSlot) {
            inFlight.add(a.job().commandId());
        }
        a.admitted().complete(a.job());
    }

    /** A turn from the node goes to the oldest command waiting for one (any of them may take it). */
    private Behavior<Msg> onNodeReply(NodeReply m) {
        if (m.reply() instanceof DispatchPace.Refused r) {
            Admit back = atNode.pollLast(); // refused at once: the latest ask
            if (back != null) {
                atGate.addFirst(back);
                if (bucket != null) {
                    bucket.refund();
                }
            }
            if (!nodeBackoff) {
                nodeBackoff = true;
                getContext().getLog().warn("action commands wait: {}; asking again in 1 s", r.reason());
                timers.startSingleTimer(AskNodeAgain.INSTANCE, AskNodeAgain.INSTANCE, java.time.Duration.ofSeconds(1));
            }
            return this;
        }
        Admit a = atNode.poll();
        if (a == null) {
            releaseNode(1); // cannot happen: every turn answers an ask
            return this;
        }
        boolean stillOpen = open.contains(a.job().commandId());
        if (!stillOpen) {
            releaseNode(1); // its result arrived while it waited for the node: the turn is given back
        }
        admitted(a, stillOpen);
        return this;
    }

    private void releaseNode(int n) {
        if (node != null && n > 0) {
            node.tell(new DispatchPace.Release(nodeReplies, n));
        }
    }

    private Behavior<Msg> onForget(Forget m) {
        int freed = 0;
        for (long id : m.commandIds()) {
            if (inFlight.remove(id)) {
                freed++;
            }
            open.remove(id);
            ActorRef<CommandActor.Msg> child = children.get(id);
            if (child != null) {
                child.tell(CommandActor.Forget.INSTANCE); // answers its attempt in flight, then stops
            }
        }
        releaseNode(freed);
        if (freed > 0) {
            tryAdmit();
        }
        return this;
    }
}
