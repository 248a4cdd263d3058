package io.gator.scheduler.action;

import com.fasterxml.jackson.annotation.JsonCreator;

import io.gator.core.action.Action;
import io.gator.core.action.ActionStatus;
import io.gator.core.action.Counters;
import io.gator.core.command.CommandStatus;
import io.gator.core.json.MigJson;
import io.gator.relay.Relay;
import io.gator.scheduler.JsonSerializable;
import io.gator.scheduler.SchedulerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerBuilder;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One MIG action, event-sourced and owned through Cluster Sharding (entity id = action id).
 *
 * <p>Life: {@code Create} persists ActionCreated (status scheduled); at validfrom the target is resolved
 * and frozen in TargetsResolved (preparing), the {@link CommandSender} publishes one command per agent through
 * one {@link CommandActor} child each;
 * it gathers the broker's confirms, persisted as one CommandsSent per batch (inflight
 * once all are sent); results arrive in batches from the results consumer and are persisted as one
 * CommandsFinished per batch; the action ends completed, expired (at expireafter), cancelled or invalid.
 * Counters are derived from events only: done = success + failed + timeout + expired + cancelled.
 */
public final class ActionEntity extends EventSourcedBehavior<ActionEntity.Command, ActionEntity.Event, ActionEntity.State> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Action");

    public static final String SCHEDULED = ActionStatus.SCHEDULED.wire();
    public static final String PREPARING = ActionStatus.PREPARING.wire();
    public static final String INFLIGHT = ActionStatus.INFLIGHT.wire();
    public static final String COMPLETED = ActionStatus.COMPLETED.wire();
    public static final String EXPIRED = ActionStatus.EXPIRED.wire();
    public static final String CANCELLED = ActionStatus.CANCELLED.wire();
    public static final String INVALID = ActionStatus.INVALID.wire();
    /** Command status before its publish is confirmed. */
    static final String PENDING = CommandStatus.PENDING;

    // ---------------------------------------------------------------- commands

    public sealed interface Command extends JsonSerializable {}

    /** Who asks for a create or cancel: an investigator (by ID and name, admin or not), or the platform itself. */
    public record Requester(long investigatorId, String name, boolean admin) {
        public static final Requester PLATFORM = new Requester(0, "platform", true);

        @JsonCreator
        public Requester {
            name = name == null ? "" : name;
        }
    }

    /** How a refused cancel's error message starts, so that the API can answer 403. */
    public static final String NOT_ALLOWED = "not allowed: ";

    /**
     * Create the action from its signed MIG JSON (already verified by the API), posted by {@code postedBy}.
     * {@code lateReach} (a Gator option outside the signed action, off by default): agents that start matching
     * the target while the window is open get the command too. {@code pacing} (also outside the signed action,
     * {@link Pacing#NONE} by default): how fast its commands go out.
     */
    public record Create(String actionJson, Requester postedBy, ActorRef<StatusReply<Summary>> replyTo,
                         boolean lateReach, Pacing pacing) implements Command {
        @JsonCreator
        public Create {
            postedBy = postedBy == null ? Requester.PLATFORM : postedBy;
            pacing = pacing == null ? Pacing.NONE : pacing;
        }

        public Create(String actionJson, Requester postedBy, ActorRef<StatusReply<Summary>> replyTo,
                      boolean lateReach) {
            this(actionJson, postedBy, replyTo, lateReach, Pacing.NONE);
        }

        public Create(String actionJson, Requester postedBy, ActorRef<StatusReply<Summary>> replyTo) {
            this(actionJson, postedBy, replyTo, false);
        }

        public Create(String actionJson, ActorRef<StatusReply<Summary>> replyTo) {
            this(actionJson, Requester.PLATFORM, replyTo, false);
        }
    }

    /** Cancel on behalf of {@code by}: only a signer of the action or an admin may. */
    public record Cancel(Requester by, ActorRef<StatusReply<Summary>> replyTo) implements Command {
        @JsonCreator
        public Cancel {
            by = by == null ? Requester.PLATFORM : by;
        }

        public Cancel(ActorRef<StatusReply<Summary>> replyTo) {
            this(Requester.PLATFORM, replyTo);
        }
    }

    public record Get(ActorRef<StatusReply<Summary>> replyTo) implements Command {}

    /**
     * Push an {@link ActionProgress} to {@code subscriber} after every persisted batch until the action ends (or
     * the subscriber stops). The reply holds the summary and the journal sequence number it reflects, taken
     * atomically with the subscription: events after {@code seq} are pushed, those up to it are in the journal.
     * A finished action replies without subscribing. Subscribing again is harmless (a client may re-subscribe
     * after the entity moved to another node).
     */
    public record Subscribe(ActorRef<ActionProgress> subscriber, ActorRef<StatusReply<Subscribed>> replyTo)
            implements Command {}

    public record Subscribed(Summary summary, long seq) implements JsonSerializable {}

    /** A subscriber stopped (death watch). */
    record Unsubscribe(ActorRef<ActionProgress> subscriber) implements Command {}

    /** Publishes confirmed by the broker, gathered into one batch by the {@link CommandSender}. */
    public record SendConfirmed(List<Long> commandIds) implements Command {}

    /** A batch of results for this action; the reply comes once they are persisted (then the consumer acks). */
    public record ResultsReceived(List<IncomingResult> results, ActorRef<StatusReply<ResultsAck>> replyTo)
            implements Command {}

    /** expireafter reached. */
    public enum Expire implements Command { INSTANCE }

    /** A finished action leaves memory after a grace period (Gets are answered from the journal later). */
    enum Passivate implements Command { INSTANCE }

    /** validfrom reached: resolve the target. */
    enum Start implements Command { INSTANCE }

    record TargetsFound(List<TargetAgent> agents) implements Command {}

    record TargetsFailed(String reason) implements Command {}

    /**
     * These agents (queuelocs) just heartbeated; published cluster-wide by {@link LateReach} and heeded only by
     * running late-reach actions, which check the ones they do not target yet against their target.
     */
    public record AgentsSeen(List<String> queueLocs) implements Command {}

    /** Time to check the late agents gathered since the last check. */
    enum LateCheck implements Command { INSTANCE }

    record LateTargetsFound(List<TargetAgent> agents) implements Command {}

    record LateTargetsFailed(String reason) implements Command {}

    /** One result from an agent: the command it answers, its final status and the results array as JSON. */
    public record IncomingResult(long commandId, String status, String resultsJson, String queueLoc) {}

    /** How many results of a batch changed the action and how many were duplicates, late or unknown. */
    public record ResultsAck(int accepted, int ignored) implements JsonSerializable {}

    /** What Get, Create and Cancel answer. */
    public record Summary(long actionId, String status, Counters counters, int targets) implements JsonSerializable {}

    // ---------------------------------------------------------------- events

    public sealed interface Event extends JsonSerializable {}

    /**
     * {@code postedBy}: who posted it through the API (investigator ID and name; 0 and "" in older journals);
     * {@code lateReach}: false in older journals; {@code pacing}: unpaced in older journals.
     */
    public record ActionCreated(long actionId, String actionJson, String target, Instant validFrom,
                                Instant expireAfter, Instant at, long postedById, String postedBy,
                                boolean lateReach, Pacing pacing) implements Event {
        @JsonCreator
        public ActionCreated {
            postedBy = postedBy == null ? "" : postedBy;
            pacing = pacing == null ? Pacing.NONE : pacing;
        }

        public ActionCreated(long actionId, String actionJson, String target, Instant validFrom, Instant expireAfter,
                             Instant at, long postedById, String postedBy, boolean lateReach) {
            this(actionId, actionJson, target, validFrom, expireAfter, at, postedById, postedBy, lateReach,
                    Pacing.NONE);
        }

        public ActionCreated(long actionId, String actionJson, String target, Instant validFrom, Instant expireAfter,
                             Instant at, long postedById, String postedBy) {
            this(actionId, actionJson, target, validFrom, expireAfter, at, postedById, postedBy, false);
        }

        public ActionCreated(long actionId, String actionJson, String target, Instant validFrom, Instant expireAfter,
                             Instant at) {
            this(actionId, actionJson, target, validFrom, expireAfter, at, 0, "");
        }
    }

    /** The frozen target: one command id per agent. */
    public record TargetsResolved(List<Target> targets, Instant at) implements Event {}

    public record Target(long commandId, TargetAgent agent) {}

    /** Late reach: agents that started matching the target during the window, one command each, never twice. */
    public record TargetsExtended(List<Target> targets, Instant at) implements Event {}

    public record CommandsSent(List<Long> commandIds, Instant at) implements Event {}

    public record CommandsFinished(List<Finished> finished, Instant at) implements Event {}

    public record Finished(long commandId, String status, String resultsJson) {}

    /** {@code by}: who cancelled (investigator ID and name; 0 and "" in older journals). */
    public record ActionCancelled(Instant at, long byId, String by) implements Event {
        @JsonCreator
        public ActionCancelled {
            by = by == null ? "" : by;
        }

        public ActionCancelled(Instant at) {
            this(at, 0, "");
        }
    }

    public record ActionExpired(Instant at) implements Event {}

    public record ActionCompleted(Instant at) implements Event {}

    public record ActionInvalid(String reason, Instant at) implements Event {}

    // ---------------------------------------------------------------- state

    /** One command as the entity tracks it. */
    public record Cmd(TargetAgent agent, String status) {}

    public record State(long actionId, String status, String actionJson, String target, Instant validFrom,
                        Instant expireAfter, Map<Long, Cmd> commands, Counters counters, Instant startTime,
                        Instant finishTime, boolean lateReach, Pacing pacing) implements JsonSerializable {
        public static final State EMPTY = new State(0, "", "", "", Instant.EPOCH, Instant.EPOCH, Map.of(),
                Counters.ZERO, Instant.EPOCH, Instant.EPOCH);

        /** {@code pacing}: unpaced in snapshots taken before pacing existed. */
        @JsonCreator
        public State {
            pacing = pacing == null ? Pacing.NONE : pacing;
        }

        public State(long actionId, String status, String actionJson, String target, Instant validFrom,
                     Instant expireAfter, Map<Long, Cmd> commands, Counters counters, Instant startTime,
                     Instant finishTime, boolean lateReach) {
            this(actionId, status, actionJson, target, validFrom, expireAfter, commands, counters, startTime,
                    finishTime, lateReach, Pacing.NONE);
        }

        public State(long actionId, String status, String actionJson, String target, Instant validFrom,
                     Instant expireAfter, Map<Long, Cmd> commands, Counters counters, Instant startTime,
                     Instant finishTime) {
            this(actionId, status, actionJson, target, validFrom, expireAfter, commands, counters, startTime,
                    finishTime, false);
        }

        public boolean created() {
            return !status.isEmpty();
        }

        public boolean finished() {
            return created() && ActionStatus.of(status).isFinal();
        }

        public boolean running() {
            return created() && !finished();
        }

        public Summary summary() {
            return new Summary(actionId, status, counters, commands.size());
        }

        /** Commands whose publish is not confirmed yet. */
        public List<Long> pendingCommands() {
            List<Long> out = new ArrayList<>();
            commands.forEach((id, c) -> {
                if (PENDING.equals(c.status())) {
                    out.add(id);
                }
            });
            Collections.sort(out);
            return out;
        }

        int unfinished() {
            return commands.size() - counters.done();
        }

        State with(String newStatus, Map<Long, Cmd> newCommands, Counters k, Instant start, Instant finish) {
            return new State(actionId, newStatus, actionJson, target, validFrom, expireAfter, newCommands, k, start,
                    finish, lateReach, pacing);
        }
    }

    // ---------------------------------------------------------------- wiring

    /** Registers the entity with Cluster Sharding on this node. */
    public static ActorRef<org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<Command>> initSharding(
            ActorSystem<?> system, Relay relay, AgentSelector selector, SchedulerSettings settings) {
        LateReach late = LateReach.get(system);
        // Remembered and never passivated while running: an action whose agents are silent must still
        // expire, and one whose node died must resume sending on another node without waiting for a message.
        // A finished action passivates itself (and so leaves the remembered set).
        ClusterShardingSettings sharding = ClusterShardingSettings.create(system)
                .withRememberEntities(true)
                .withRememberEntitiesStoreMode(ClusterShardingSettings.RememberEntitiesStoreModeEventSourced$.MODULE$)
                .withNoPassivationStrategy()
                .withRole("scheduler");
        return ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> create(
                PersistenceId.of(ctx.getEntityTypeKey().name(), ctx.getEntityId()), Long.parseLong(ctx.getEntityId()),
                relay, selector, settings, Clock.systemUTC(),
                self -> ctx.getShard().tell(new ClusterSharding.Passivate<>(self)), late)).withSettings(sharding));
    }

    /** An entity outside sharding (tests, embedded use): passivation is a no-op. */
    public static Behavior<Command> create(PersistenceId pid, long actionId, Relay relay, AgentSelector selector,
                                           SchedulerSettings settings, Clock clock) {
        return create(pid, actionId, relay, selector, settings, clock, self -> { });
    }

    public static Behavior<Command> create(PersistenceId pid, long actionId, Relay relay, AgentSelector selector,
                                           SchedulerSettings settings, Clock clock,
                                           java.util.function.Consumer<ActorRef<Command>> passivate) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ActionEntity(pid, actionId, ctx, timers,
                relay, selector, settings, clock, passivate, null)));
    }

    /** With the node's {@link LateReach} (where late-reach actions hear of heartbeating agents). */
    public static Behavior<Command> create(PersistenceId pid, long actionId, Relay relay, AgentSelector selector,
                                           SchedulerSettings settings, Clock clock,
                                           java.util.function.Consumer<ActorRef<Command>> passivate,
                                           LateReach late) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new ActionEntity(pid, actionId, ctx, timers, relay, selector, settings, clock, passivate, late)));
    }

    /** With a {@link DispatchPace} of the test's own (its settings, its node throttle). */
    static Behavior<Command> create(PersistenceId pid, long actionId, Relay relay, AgentSelector selector,
                                    SchedulerSettings settings, Clock clock, DispatchPace pace) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            ActionEntity e = new ActionEntity(pid, actionId, ctx, timers, relay, selector, settings, clock, r -> { },
                    null);
            e.dispatchPace = pace;
            return e;
        }));
    }

    /**
     * Pekko's scheduler refuses delays past about 248 days (and overflows on nanoseconds past 292 years): a
     * longer wait is armed in steps of at most this, and the handler re-arms when its timer fires early.
     */
    static final Duration MAX_TIMER = Duration.ofDays(7);

    /** The delay to arm for a moment: zero once it passed, at most {@link #MAX_TIMER}. */
    public static Duration delayUntil(Instant now, Instant at) {
        if (!at.isAfter(now)) {
            return Duration.ZERO;
        }
        return at.isAfter(now.plus(MAX_TIMER)) ? MAX_TIMER : Duration.between(now, at);
    }

    private final long actionId;
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final Relay relay;
    private final AgentSelector selector;
    private final SchedulerSettings settings;
    private final Clock clock;
    private ActorRef<CommandSender.Msg> sendQueue;
    private boolean resolving;
    private final java.util.function.Consumer<ActorRef<Command>> passivate;
    /** Recoveries in a row whose resuming failed (the instance outlives the persistence restarts). */
    private int failedRecoveries;
    /** Set once failedRecoveries reached recovery-attempts: the entity then only answers with it. */
    private String gaveUp;
    /** Who follows this action live (API streams); empty most of the time, and then nothing is published. */
    private final Set<ActorRef<ActionProgress>> subscribers = new java.util.HashSet<>();

    /** The node's; looked up on first use when not given (tests build entities outside sharding). */
    private LateReach late;
    /** The node's dispatch pace; null: the system's {@link DispatchPace} (tests pass their own). */
    private DispatchPace dispatchPace;
    /** Late reach: heartbeating agents not targeted yet, waiting for the next check. */
    private final Set<String> lateSeen = new java.util.LinkedHashSet<>();
    /** Late reach: a check is running (at most one at a time). */
    private boolean lateChecking;
    /** Late reach: the queuelocs targeted, rebuilt from the state when its commands changed. */
    private Set<String> targeted = Set.of();

    private ActionEntity(PersistenceId pid, long actionId, ActorContext<Command> ctx, TimerScheduler<Command> timers,
                         Relay relay, AgentSelector selector, SchedulerSettings settings, Clock clock,
                         java.util.function.Consumer<ActorRef<Command>> passivate, LateReach late) {
        super(pid, SupervisorStrategy.restartWithBackoff(settings.recoveryBackoffMin(), settings.recoveryBackoffMax(), 0.2));
        this.actionId = actionId;
        this.ctx = ctx;
        this.timers = timers;
        this.relay = relay;
        this.selector = selector;
        this.settings = settings;
        this.clock = clock;
        this.passivate = passivate;
        this.late = late;
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.snapshotsKept());
    }

    @Override
    public Set<String> tagsFor(Event event) {
        return Set.of(settings.actionTags().tagOf(actionId));
    }

    // ---------------------------------------------------------------- command handlers, per status

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        CommandHandlerBuilder<Command, Event, State> b = newCommandHandlerBuilder();
        b.forState(s -> gaveUp != null)
                .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.error(gaveUp)))
                .onCommand(Create.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.error(gaveUp)))
                .onCommand(Cancel.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.error(gaveUp)))
                .onCommand(Subscribe.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.error(gaveUp)))
                .onCommand(ResultsReceived.class, (s, c) -> {
                    // refusing them would requeue them for ever: they are acked, and the loss is logged
                    ctx.getLog().error("{}: {} results not recorded", gaveUp, c.results().size());
                    return Effect().reply(c.replyTo(), StatusReply.success(new ResultsAck(0, c.results().size())));
                })
                .onAnyCommand(c -> Effect().none());
        b.forState(s -> !s.created())
                .onCommand(Create.class, this::onCreate)
                .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.error("unknown action " + actionId)))
                .onCommand(Cancel.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.error("unknown action " + actionId)))
                .onCommand(Subscribe.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.error("unknown action " + actionId)))
                .onCommand(ResultsReceived.class, this::onResultsIgnored)
                .onCommand(Passivate.class, (s, c) -> passivateNow())
                .onAnyCommand(c -> Effect().none());
        b.forState(State::running)
                .onCommand(Create.class, this::onCreateAgain)
                .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.success(s.summary())))
                .onCommand(Subscribe.class, this::onSubscribe)
                .onCommand(Unsubscribe.class, (s, c) -> unsubscribe(c))
                .onCommand(Start.class, this::onStart)
                .onCommand(TargetsFound.class, this::onTargetsFound)
                .onCommand(TargetsFailed.class, this::onTargetsFailed)
                .onCommand(SendConfirmed.class, this::onSendConfirmed)
                .onCommand(ResultsReceived.class, this::onResults)
                .onCommand(Cancel.class, this::onCancel)
                .onCommand(Expire.class, this::onExpire)
                .onCommand(AgentsSeen.class, this::onAgentsSeen)
                .onCommand(LateCheck.class, this::onLateCheck)
                .onCommand(LateTargetsFound.class, this::onLateTargetsFound)
                .onCommand(LateTargetsFailed.class, this::onLateTargetsFailed)
                .onCommand(Passivate.class, (s, c) -> Effect().none());
        b.forState(State::finished)
                .onCommand(Create.class, this::onCreateAgain)
                .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.success(s.summary())))
                .onCommand(Cancel.class, (s, c) -> Effect().reply(c.replyTo(),
                        StatusReply.error("action " + actionId + " is already " + s.status())))
                .onCommand(Subscribe.class, this::onSubscribe)
                .onCommand(Unsubscribe.class, (s, c) -> unsubscribe(c))
                .onCommand(ResultsReceived.class, this::onResultsIgnored)
                .onCommand(Passivate.class, (s, c) -> passivateNow())
                .onAnyCommand(c -> Effect().none());
        return b.build();
    }

    private Effect<Event, State> onSubscribe(State s, Subscribe c) {
        if (s.running() && subscribers.add(c.subscriber())) {
            ctx.watchWith(c.subscriber(), new Unsubscribe(c.subscriber()));
        }
        return Effect().reply(c.replyTo(), StatusReply.success(new Subscribed(s.summary(), lastSequenceNumber(ctx))));
    }

    private Effect<Event, State> unsubscribe(Unsubscribe c) {
        subscribers.remove(c.subscriber());
        return Effect().none();
    }

    /**
     * Tells the subscribers what the last {@code events} persisted events did (one message per persisted batch,
     * however many results it holds); called right after the persist, so lastSequenceNumber is its last event.
     * A finished action forgets its subscribers: they stop on its final status.
     */
    private void publish(State st, int events, List<Finished> finished) {
        if (subscribers.isEmpty()) {
            return;
        }
        List<ActionProgress.FinishedCommand> done = new ArrayList<>(finished.size());
        for (Finished f : finished) {
            Cmd c = st.commands().get(f.commandId());
            TargetAgent a = c == null ? new TargetAgent(0, "", "", "", "", 0) : c.agent();
            done.add(new ActionProgress.FinishedCommand(f.commandId(), a.name(), a.queueLoc(), a.agentId(), f.status(),
                    f.resultsJson()));
        }
        long to = lastSequenceNumber(ctx);
        ActionProgress p = new ActionProgress(actionId, to - events + 1, to, st.status(), st.counters(), done);
        subscribers.forEach(r -> r.tell(p));
        if (st.finished()) {
            subscribers.forEach(ctx::unwatch);
            subscribers.clear();
        }
    }

    private Effect<Event, State> onCreate(State s, Create c) {
        Action action;
        try {
            action = MigJson.read(c.actionJson(), Action.class);
        } catch (RuntimeException e) {
            return Effect().reply(c.replyTo(), StatusReply.error("invalid action JSON: " + e.getMessage()));
        }
        Instant now = clock.instant();
        String problem = validate(action, now);
        if (problem != null) {
            return Effect().reply(c.replyTo(), StatusReply.error(problem));
        }
        ActionCreated ev = new ActionCreated(actionId, c.actionJson(), action.target(),
                action.validFrom().toInstant(), action.expireAfter().toInstant(), now,
                c.postedBy().investigatorId(), c.postedBy().name(), c.lateReach(), c.pacing());
        return Effect().persist(ev).thenRun(this::afterCreated).thenReply(c.replyTo(), st -> StatusReply.success(st.summary()));
    }

    private String validate(Action a, Instant now) {
        if (a.id() != actionId) {
            return "action id " + a.id() + " does not match entity " + actionId;
        }
        if (a.syntaxVersion() != Action.SYNTAX_VERSION) {
            return "syntaxversion must be " + Action.SYNTAX_VERSION + ", got " + a.syntaxVersion();
        }
        if (a.target().isBlank()) {
            return "action has no target";
        }
        if (a.operations().isEmpty()) {
            return "action has no operations";
        }
        if (a.pgpSignatures().isEmpty()) {
            return "action is not signed";
        }
        if (!a.expireAfter().toInstant().isAfter(a.validFrom().toInstant())) {
            return "expireafter must be after validfrom";
        }
        if (!a.expireAfter().toInstant().isAfter(now)) {
            return "action expired at " + a.expireAfter();
        }
        try {
            selector.validate(a.target());
        } catch (IllegalArgumentException e) {
            return "invalid target: " + e.getMessage();
        }
        return null;
    }

    private Effect<Event, State> onCreateAgain(State s, Create c) {
        return s.actionJson().equals(c.actionJson())
                ? Effect().reply(c.replyTo(), StatusReply.success(s.summary()))
                : Effect().reply(c.replyTo(), StatusReply.error("action " + actionId + " exists with other content"));
    }

    private Effect<Event, State> onStart(State s, Start c) {
        if (!SCHEDULED.equals(s.status()) || resolving) {
            return Effect().none();
        }
        if (clock.instant().isBefore(s.validFrom())) {
            scheduleStart(s); // a long wait is armed in steps: not valid yet
            return Effect().none();
        }
        resolving = true;
        ctx.pipeToSelf(selector.select(s.target()), (agents, err) -> err == null
                ? new TargetsFound(agents) : new TargetsFailed(String.valueOf(rootMessage(err))));
        return Effect().none();
    }

    private Effect<Event, State> onTargetsFound(State s, TargetsFound c) {
        resolving = false;
        if (!SCHEDULED.equals(s.status())) {
            return Effect().none();
        }
        Map<String, TargetAgent> byQueue = new LinkedHashMap<>();
        for (TargetAgent a : c.agents()) {
            byQueue.putIfAbsent(a.queueLoc(), a); // one command per agent queue
        }
        List<Target> targets = new ArrayList<>(byQueue.size());
        for (TargetAgent a : byQueue.values()) {
            // MIG ids travel as JSON float64: random 53-bit ids, frozen in the event so replays agree
            targets.add(new Target(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 1L << 53), a));
        }
        Instant now = clock.instant();
        TargetsResolved ev = new TargetsResolved(targets, now);
        if (targets.isEmpty() && s.lateReach()) {
            ctx.getLog().info("action {}: target selects no agent yet, waiting for late agents", actionId);
            return Effect().persist(ev).thenRun(st -> {
                publish(st, 1, List.of());
                lateSubscribe(st);
            });
        }
        if (targets.isEmpty()) {
            ctx.getLog().info("action {}: target selects no agent, completed", actionId);
            return Effect().persist(List.of(ev, new ActionCompleted(now))).thenRun(st -> {
                publish(st, 2, List.of());
                finishSideEffects(st);
            });
        }
        ctx.getLog().info("action {}: {} agents targeted", actionId, targets.size());
        return Effect().persist(ev).thenRun(st -> {
            publish(st, 1, List.of());
            startSending(st);
            lateSubscribe(st);
        });
    }

    private Effect<Event, State> onTargetsFailed(State s, TargetsFailed c) {
        resolving = false;
        ctx.getLog().warn("action {}: target resolution failed: {}", actionId, c.reason());
        return Effect().persist(new ActionInvalid("target resolution failed: " + c.reason(), clock.instant()))
                .thenRun(this::publishAndFinish);
    }

    // ---------------------------------------------------------------- late reach

    private LateReach late() {
        if (late == null) {
            late = LateReach.get(ctx.getSystem());
        }
        return late;
    }

    /** A running late-reach action with its target resolved hears of heartbeating agents. */
    private void lateSubscribe(State s) {
        if (s.lateReach() && s.running() && !SCHEDULED.equals(s.status())) {
            late().subscribe(ctx.getSelf().narrow());
        }
    }

    /** The queuelocs this action targets (one command per queueloc, so equal sizes mean up to date). */
    private Set<String> targeted(State s) {
        if (targeted.size() != s.commands().size()) {
            Set<String> t = new java.util.HashSet<>(s.commands().size() * 2);
            s.commands().values().forEach(c -> t.add(c.agent().queueLoc()));
            targeted = t;
        }
        return targeted;
    }

    private Effect<Event, State> onAgentsSeen(State s, AgentsSeen c) {
        if (!s.lateReach() || SCHEDULED.equals(s.status()) || !clock.instant().isBefore(s.expireAfter())) {
            return Effect().none();
        }
        Set<String> known = targeted(s);
        for (String q : c.queueLocs()) {
            if (!known.contains(q) && lateSeen.size() < late().settings().queue()) {
                lateSeen.add(q);
            }
        }
        armLateCheck();
        return Effect().none();
    }

    /** Heartbeats are gathered for check-interval, so a busy fleet costs one query per interval, not per batch. */
    private void armLateCheck() {
        if (!lateSeen.isEmpty() && !lateChecking && !timers.isTimerActive("late-check")) {
            timers.startSingleTimer("late-check", LateCheck.INSTANCE, late().settings().checkInterval());
        }
    }

    private Effect<Event, State> onLateCheck(State s, LateCheck c) {
        if (lateChecking || lateSeen.isEmpty() || SCHEDULED.equals(s.status())) {
            return Effect().none();
        }
        List<String> batch = new ArrayList<>(Math.min(lateSeen.size(), late().settings().maxPerCheck()));
        var it = lateSeen.iterator();
        while (it.hasNext() && batch.size() < late().settings().maxPerCheck()) {
            batch.add(it.next());
            it.remove();
        }
        lateChecking = true;
        ctx.pipeToSelf(selector.selectAmong(s.target(), batch), (agents, err) -> err == null
                ? new LateTargetsFound(agents) : new LateTargetsFailed(rootMessage(err)));
        return Effect().none();
    }

    private Effect<Event, State> onLateTargetsFound(State s, LateTargetsFound c) {
        lateChecking = false;
        if (!s.lateReach() || SCHEDULED.equals(s.status()) || !clock.instant().isBefore(s.expireAfter())) {
            return Effect().none();
        }
        // deduplicated against the persisted state: an agent is targeted once, across checks and recoveries
        Set<String> known = targeted(s);
        Map<String, TargetAgent> byQueue = new LinkedHashMap<>();
        for (TargetAgent a : c.agents()) {
            if (!known.contains(a.queueLoc())) {
                byQueue.putIfAbsent(a.queueLoc(), a);
            }
        }
        if (byQueue.isEmpty()) {
            armLateCheck();
            return Effect().none();
        }
        List<Target> targets = new ArrayList<>(byQueue.size());
        for (TargetAgent a : byQueue.values()) {
            targets.add(new Target(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 1L << 53), a));
        }
        ctx.getLog().info("action {}: {} late agents targeted", actionId, targets.size());
        return Effect().persist(new TargetsExtended(targets, clock.instant())).thenRun(st -> {
            publish(st, 1, List.of());
            startSending(st);
            armLateCheck();
        });
    }

    private Effect<Event, State> onLateTargetsFailed(State s, LateTargetsFailed c) {
        lateChecking = false;
        // the agents heartbeat again: the next heartbeat brings them back
        ctx.getLog().warn("action {}: late agents not checked: {}", actionId, c.reason());
        armLateCheck();
        return Effect().none();
    }

    private Effect<Event, State> onSendConfirmed(State s, SendConfirmed c) {
        List<Long> fresh = new ArrayList<>();
        for (long id : c.commandIds()) {
            Cmd cmd = s.commands().get(id);
            if (cmd != null && PENDING.equals(cmd.status())) {
                fresh.add(id);
            }
        }
        if (fresh.isEmpty()) {
            return Effect().none();
        }
        return Effect().persist(new CommandsSent(fresh, clock.instant())).thenRun(st -> publish(st, 1, List.of()));
    }

    private Effect<Event, State> onResults(State s, ResultsReceived c) {
        List<Finished> accepted = new ArrayList<>();
        Set<Long> seen = new java.util.HashSet<>();
        int ignored = 0;
        for (IncomingResult r : c.results()) {
            Cmd cmd = s.commands().get(r.commandId());
            if (cmd == null || !seen.add(r.commandId())) {
                ignored++;
                ctx.getLog().warn("action {}: {} result for command {} from {} ignored", actionId,
                        cmd == null ? "unknown" : "duplicate", r.commandId(), r.queueLoc());
            } else if (CommandStatus.isFinal(cmd.status())) {
                ignored++;
                ctx.getLog().warn("action {}: duplicate result for command {} (already {}) ignored", actionId,
                        r.commandId(), cmd.status());
            } else if (!isAgentStatus(r.status())) {
                ignored++;
                ctx.getLog().warn("action {}: result for command {} has status '{}' (expected success, failed or "
                        + "timeout), ignored", actionId, r.commandId(), r.status());
            } else {
                accepted.add(new Finished(r.commandId(), r.status(), r.resultsJson()));
            }
        }
        ResultsAck ack = new ResultsAck(accepted.size(), ignored);
        if (accepted.isEmpty()) {
            return Effect().reply(c.replyTo(), StatusReply.success(ack));
        }
        Instant now = clock.instant();
        List<Event> events = new ArrayList<>(2);
        events.add(new CommandsFinished(accepted, now));
        if (accepted.size() == s.unfinished() && !s.lateReach()) { // late reach: open until expireafter
            events.add(new ActionCompleted(now));
        }
        return Effect().persist(events).thenRun(st -> {
            publish(st, events.size(), accepted);
            if (st.finished()) {
                finishSideEffects(st);
            } else if (sendQueue != null) {
                // a result can overtake its confirm: stop publishing what is already answered
                sendQueue.tell(new CommandSender.Forget(accepted.stream().map(Finished::commandId).toList()));
            }
        }).thenReply(c.replyTo(), st -> StatusReply.success(ack));
    }

    private Effect<Event, State> onResultsIgnored(State s, ResultsReceived c) {
        ctx.getLog().warn("action {} is {}: {} late results ignored", actionId,
                s.created() ? s.status() : "unknown", c.results().size());
        return Effect().reply(c.replyTo(), StatusReply.success(new ResultsAck(0, c.results().size())));
    }

    private Effect<Event, State> onCancel(State s, Cancel c) {
        if (!c.by().admin() && !signedBy(s, c.by().investigatorId())) {
            return Effect().reply(c.replyTo(), StatusReply.error(NOT_ALLOWED + "investigator " + c.by().name()
                    + " neither signed action " + actionId + " nor is an administrator"));
        }
        return Effect().persist(new ActionCancelled(clock.instant(), c.by().investigatorId(), c.by().name()))
                .thenRun(this::publishAndFinish)
                .thenReply(c.replyTo(), st -> StatusReply.success(st.summary()));
    }

    /** Whether the investigator is among the action's signers (as the API listed them at creation). */
    private static boolean signedBy(State s, long investigatorId) {
        try {
            return MigJson.read(s.actionJson(), Action.class).investigators().stream()
                    .anyMatch(i -> i.id() == investigatorId);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Effect<Event, State> onExpire(State s, Expire c) {
        if (clock.instant().isBefore(s.expireAfter())) {
            scheduleExpiry(s); // a timer fired early (clock skew): re-arm
            return Effect().none();
        }
        if (s.lateReach() && s.unfinished() == 0 && !SCHEDULED.equals(s.status())) {
            ctx.getLog().info("action {}: late-reach window closed, every command finished", actionId);
            return Effect().persist(new ActionCompleted(clock.instant())).thenRun(this::publishAndFinish);
        }
        ctx.getLog().info("action {}: expired with {} commands unfinished", actionId, s.unfinished());
        return Effect().persist(new ActionExpired(clock.instant())).thenRun(this::publishAndFinish);
    }

    private static boolean isAgentStatus(String st) {
        return CommandStatus.SUCCESS.equals(st) || CommandStatus.FAILED.equals(st) || CommandStatus.TIMEOUT.equals(st);
    }

    // ---------------------------------------------------------------- side effects

    private void afterCreated(State s) {
        timers.cancel("passivate");
        scheduleExpiry(s);
        if (clock.instant().isBefore(s.validFrom())) {
            scheduleStart(s);
        } else {
            ctx.getSelf().tell(Start.INSTANCE);
        }
    }

    private void scheduleStart(State s) {
        timers.startSingleTimer("start", Start.INSTANCE, delayUntil(clock.instant(), s.validFrom()));
    }

    private void scheduleExpiry(State s) {
        timers.startSingleTimer("expire", Expire.INSTANCE, delayUntil(clock.instant(), s.expireAfter()));
    }

    /** Spawns the publishing machinery for every command not yet confirmed. */
    private void startSending(State s) {
        List<Long> pending = s.pendingCommands();
        if (pending.isEmpty()) {
            return;
        }
        Action action = MigJson.read(s.actionJson(), Action.class);
        if (sendQueue == null) {
            // a late-reach action's queue also holds the late commands to come
            int capacity = s.commands().size() + (s.lateReach() ? late().settings().queue() : 0);
            sendQueue = ctx.spawn(CommandSender.create(action, s.expireAfter(), s.startTime(), s.commands().size(),
                    capacity, relay, ctx.getSelf(), settings, clock, s.pacing(), dispatchPace, unanswered(s)),
                    "sender");
        }
        List<CommandSender.Job> jobs = new ArrayList<>(pending.size());
        for (long id : pending) {
            jobs.add(new CommandSender.Job(id, s.commands().get(id).agent()));
        }
        sendQueue.tell(new CommandSender.Enqueue(jobs));
        if (s.pacing().paced()) {
            ctx.getLog().info("action {}: publishing {} commands at {} commands/s, {} in flight", actionId, jobs.size(),
                    s.pacing().rate() == 0 ? "any" : s.pacing().rate(),
                    s.pacing().inFlight() == 0 ? "any number" : "at most " + s.pacing().inFlight());
        } else {
            ctx.getLog().info("action {}: publishing {} commands", actionId, jobs.size());
        }
    }

    /** Commands sent and not answered, when the action caps its commands in flight (they hold their slots). */
    private static Set<Long> unanswered(State s) {
        if (s.pacing().inFlight() == 0) {
            return Set.of();
        }
        Set<Long> out = new java.util.HashSet<>();
        s.commands().forEach((id, c) -> {
            if (CommandStatus.SENT.equals(c.status())) {
                out.add(id);
            }
        });
        return out;
    }

    private Effect<Event, State> passivateNow() {
        passivate.accept(ctx.getSelf());
        return Effect().none();
    }

    /** After one final event (cancelled, expired, invalid). */
    private void publishAndFinish(State s) {
        publish(s, 1, List.of());
        finishSideEffects(s);
    }

    private void finishSideEffects(State s) {
        timers.cancelAll();
        if (s.lateReach()) {
            late().unsubscribe(ctx.getSelf().narrow());
            lateSeen.clear();
        }
        timers.startSingleTimer("passivate", Passivate.INSTANCE, settings.passivateAfterFinish());
        if (sendQueue != null) {
            ctx.stop(sendQueue);
            sendQueue = null;
        }
        ctx.getLog().info("action {}: {} {}", actionId, s.status(), s.counters());
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), s -> {
            // this object outlives a restart after a journal failure, its children do not: forget the stopped ones
            sendQueue = ctx.getChild("sender").map(r -> r.<CommandSender.Msg>unsafeUpcast()).orElse(null);
            resolving = false;
            lateChecking = false;
            targeted = Set.of();
            try {
                resume(s);
                failedRecoveries = 0;
            } catch (RuntimeException e) {
                // a failure here repeats on every recovery: retried with the persistence backoff, then given up
                if (++failedRecoveries < settings.recoveryAttempts()) {
                    throw e;
                }
                timers.cancelAll();
                gaveUp = "action " + actionId + " gave up after " + failedRecoveries + " failed recoveries (last: "
                        + e + "); it is tried again when its node restarts";
                ctx.getLog().error(gaveUp, e);
            }
        }).build();
    }

    private void resume(State s) {
        if (!s.running()) {
            // finished, or never created (a Get for an unknown id): leave memory and the remembered set
            timers.startSingleTimer("passivate", Passivate.INSTANCE, settings.passivateAfterFinish());
            return;
        }
        scheduleExpiry(s);
        if (SCHEDULED.equals(s.status())) {
            afterCreated(s);
        } else {
            startSending(s); // only commands whose CommandsSent is not in the journal
            lateSubscribe(s);
        }
    }

    // ---------------------------------------------------------------- event handler: the only place counters move

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(ActionCreated.class, (s, e) -> new State(e.actionId(), SCHEDULED, e.actionJson(), e.target(),
                        e.validFrom(), e.expireAfter(), Map.of(), Counters.ZERO, Instant.EPOCH, Instant.EPOCH,
                        e.lateReach(), e.pacing()))
                .onEvent(TargetsResolved.class, (s, e) -> {
                    Map<Long, Cmd> cmds = new HashMap<>(e.targets().size() * 2);
                    for (Target t : e.targets()) {
                        cmds.put(t.commandId(), new Cmd(t.agent(), PENDING));
                    }
                    return s.with(PREPARING, cmds, Counters.ZERO, e.at(), Instant.EPOCH);
                })
                .onEvent(TargetsExtended.class, (s, e) -> {
                    Map<Long, Cmd> cmds = owned(s.commands());
                    for (Target t : e.targets()) {
                        cmds.putIfAbsent(t.commandId(), new Cmd(t.agent(), PENDING));
                    }
                    return s.with(s.status(), cmds, s.counters(), s.startTime(), s.finishTime());
                })
                .onEvent(CommandsSent.class, (s, e) -> {
                    Map<Long, Cmd> cmds = owned(s.commands());
                    int sent = 0;
                    for (long id : e.commandIds()) {
                        Cmd c = cmds.get(id);
                        if (c != null && PENDING.equals(c.status())) {
                            cmds.put(id, new Cmd(c.agent(), CommandStatus.SENT));
                            sent++;
                        }
                    }
                    Counters k = s.counters().plusSent(sent);
                    return s.with(afterSending(s.status(), k, cmds.size()), cmds, k, s.startTime(), s.finishTime());
                })
                .onEvent(CommandsFinished.class, (s, e) -> {
                    Map<Long, Cmd> cmds = owned(s.commands());
                    Counters k = s.counters();
                    for (Finished f : e.finished()) {
                        Cmd c = cmds.get(f.commandId());
                        if (c == null || CommandStatus.isFinal(c.status())) {
                            continue;
                        }
                        // a result may overtake its confirm: it proves the command was sent
                        k = k.plusFinished(f.status(), 1, PENDING.equals(c.status()) ? 1 : 0);
                        cmds.put(f.commandId(), new Cmd(c.agent(), f.status()));
                    }
                    return s.with(afterSending(s.status(), k, cmds.size()), cmds, k, s.startTime(), s.finishTime());
                })
                .onEvent(ActionCancelled.class, (s, e) -> finishAll(s, CommandStatus.CANCELLED, CANCELLED, e.at()))
                .onEvent(ActionExpired.class, (s, e) -> finishAll(s, CommandStatus.EXPIRED, EXPIRED, e.at()))
                .onEvent(ActionCompleted.class, (s, e) -> s.with(COMPLETED, s.commands(), s.counters(), s.startTime(), e.at()))
                .onEvent(ActionInvalid.class, (s, e) -> s.with(INVALID, s.commands(), s.counters(), s.startTime(), e.at()))
                .build();
    }

    /**
     * The commands map to update in place. Copying it for every batch event made an action's events cost
     * O(targets) each, quadratic over a 10,000-agent action (a tenth of the scheduler's CPU). In place is safe
     * because the map never leaves this entity: replies carry summaries, the sender gets copies of ids, and
     * snapshots get their own copy ({@link #snapshotAdapter()}, called on the entity's thread).
     */
    private static Map<Long, Cmd> owned(Map<Long, Cmd> commands) {
        return commands instanceof HashMap<Long, Cmd> m ? m : new HashMap<>(commands);
    }

    /** A snapshot holds a copy of the commands map, which the entity goes on updating in place. */
    @Override
    public SnapshotAdapter<State> snapshotAdapter() {
        return new SnapshotAdapter<>() {
            @Override
            public Object toJournal(State s) {
                return s.with(s.status(), Map.copyOf(s.commands()), s.counters(), s.startTime(), s.finishTime());
            }

            @Override
            public State fromJournal(Object from) {
                State s = (State) from;
                return s.with(s.status(), new HashMap<>(s.commands()), s.counters(), s.startTime(), s.finishTime());
            }
        };
    }

    /** Every unfinished command takes {@code cmdStatus}; unsent ones are counted as sent so the invariant holds. */
    private static State finishAll(State s, String cmdStatus, String actionStatus, Instant at) {
        Map<Long, Cmd> cmds = new HashMap<>(s.commands());
        Counters k = s.counters();
        for (Map.Entry<Long, Cmd> en : s.commands().entrySet()) {
            Cmd c = en.getValue();
            if (!CommandStatus.isFinal(c.status())) {
                k = k.plusFinished(cmdStatus, 1, PENDING.equals(c.status()) ? 1 : 0);
                cmds.put(en.getKey(), new Cmd(c.agent(), cmdStatus));
            }
        }
        return s.with(actionStatus, cmds, k, s.startTime(), at);
    }

    private static String afterSending(String status, Counters k, int commands) {
        return ActionStatus.of(status).afterSending(k, commands).wire();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
