package io.gator.scheduler.standing;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.gator.scheduler.JsonSerializable;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.ActionEntity.Requester;
import io.gator.scheduler.sink.SinkSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
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
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A standing order: a series of signed MIG actions (one per run, windows in order, not overlapping), event-sourced
 * and owned through Cluster Sharding (entity id = order id). Each run is created when its window opens by sending
 * the {@link ActionEntity.Create} the API's create path sends; RunLaunched is persisted once the action entity
 * answered. A run whose reply was lost to a crash is sent again after recovery: the action entity answers an
 * identical Create as the first one, so each run is created exactly once. A run whose whole window passed while no
 * node held the order is recorded as missed (its action could only expire). Cancelling stops the runs to come.
 *
 * <p>The order's result sinks are part of its creation event; a run's delivery is started only once the run
 * launched ({@link SinkStarter}), and {@code RunSinksStarted} is persisted once the delivery entity acknowledged
 * it. After recovery (restart, failover) every launched run lacking that event has its start sent again; the
 * delivery entity answers a repeat as the first. So nothing per run lives in memory before the run launches.
 * Every event carries the {@code event-tag} that the read tables' projection follows.
 */
public final class StandingOrderEntity
        extends EventSourcedBehavior<StandingOrderEntity.Command, StandingOrderEntity.Event, StandingOrderEntity.State> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "StandingOrder");

    public static final String ACTIVE = "active";
    public static final String COMPLETED = "completed";
    public static final String CANCELLED = "cancelled";
    public static final String RUN_WAITING = "waiting";
    public static final String RUN_LAUNCHED = "launched";
    public static final String RUN_MISSED = "missed";

    /** How a refused cancel's error message starts, so that the API can answer 403. */
    public static final String NOT_ALLOWED = ActionEntity.NOT_ALLOWED;
    /** How the answer for an order never created starts, so that the API can answer 404. */
    public static final String UNKNOWN = "unknown standing order ";

    /** One run: its action as the entity creates it (server-assigned ID, signers listed) and its window. */
    public record Run(long actionId, String actionJson, Instant validFrom, Instant expireAfter, boolean lateReach) {
        /** {@code lateReach}: the run's action reaches late agents (false in older journals). */
        @com.fasterxml.jackson.annotation.JsonCreator
        public Run {
        }

        public Run(long actionId, String actionJson, Instant validFrom, Instant expireAfter) {
            this(actionId, actionJson, validFrom, expireAfter, false);
        }
    }

    // ---------------------------------------------------------------- commands

    public sealed interface Command extends JsonSerializable {}

    /**
     * Create the order from runs whose signatures the API verified, posted by {@code postedBy}; each launched run's
     * results go to {@code sinks} (none: no delivery).
     */
    public record Create(String name, Requester postedBy, List<Run> runs, List<SinkSpec> sinks,
                         ActorRef<StatusReply<Summary>> replyTo) implements Command {
        @JsonCreator
        public Create {
            sinks = sinks == null ? List.of() : List.copyOf(sinks);
        }

        public Create(String name, Requester postedBy, List<Run> runs, ActorRef<StatusReply<Summary>> replyTo) {
            this(name, postedBy, runs, List.of(), replyTo);
        }
    }

    public record Get(ActorRef<StatusReply<Summary>> replyTo) implements Command {}

    /** Stop the runs to come, on behalf of {@code by}: the poster or an admin. */
    public record Cancel(Requester by, ActorRef<StatusReply<Summary>> replyTo) implements Command {}

    /** A window may have opened (timer, recovery, previous run done). */
    enum Tick implements Command { INSTANCE }

    enum Passivate implements Command { INSTANCE }

    record Launched(int index) implements Command {}

    record LaunchFailed(int index, String reason) implements Command {}

    /** The delivery of run {@code index}'s results was acknowledged by its delivery entity. */
    record SinksStarted(int index) implements Command {}

    record SinksStartFailed(int index, String reason) implements Command {}

    /** Start the deliveries of launched runs that lack theirs (timer after a failure). */
    enum StartSinks implements Command { INSTANCE }

    /** Run {@code index}'s window closed before it was recorded launched; {@code created}: its action exists. */
    record WindowClosed(int index, boolean created) implements Command {}

    /** One run as Get shows it. */
    public record RunView(int index, long actionId, Instant validFrom, Instant expireAfter, String status) {}

    public record Summary(long orderId, String name, String status, long postedById, String postedBy, Instant createdAt,
                          List<RunView> runs) implements JsonSerializable {
        /** Runs launched so far. */
        public long launched() {
            return runs.stream().filter(r -> r.status().equals(RUN_LAUNCHED)).count();
        }
    }

    // ---------------------------------------------------------------- events

    public sealed interface Event extends JsonSerializable {}

    /** {@code sinks}: absent in events written before orders held their sinks, read as none. */
    public record OrderCreated(long orderId, String name, List<Run> runs, Requester postedBy, Instant at,
                               List<SinkSpec> sinks) implements Event {
        @JsonCreator
        public OrderCreated {
            sinks = sinks == null ? List.of() : List.copyOf(sinks);
        }

        public OrderCreated(long orderId, String name, List<Run> runs, Requester postedBy, Instant at) {
            this(orderId, name, runs, postedBy, at, List.of());
        }
    }

    public record RunLaunched(int index, long actionId, Instant at) implements Event {}

    public record RunMissed(int index, long actionId, Instant at) implements Event {}

    /** The delivery entity holds run {@code index}'s delivery to the order's sinks. */
    public record RunSinksStarted(int index, long actionId, Instant at) implements Event {}

    public record OrderCancelled(long byId, String by, Instant at) implements Event {
        @JsonCreator
        public OrderCancelled {
            by = by == null ? "" : by;
        }
    }

    public record OrderCompleted(Instant at) implements Event {}

    // ---------------------------------------------------------------- state

    /**
     * {@code runStatus} and {@code sinksStarted} parallel to {@code runs}; {@code next}: the first run neither
     * launched nor missed.
     */
    public record State(long orderId, String name, String status, List<Run> runs, List<String> runStatus, int next,
                        Requester postedBy, Instant createdAt, List<SinkSpec> sinks, List<Boolean> sinksStarted)
            implements JsonSerializable {
        public static final State EMPTY = new State(0, "", "", List.of(), List.of(), 0, Requester.PLATFORM,
                Instant.EPOCH, List.of(), List.of());

        /** Launched runs whose delivery to the sinks is not acknowledged yet. */
        public List<Integer> sinksPending() {
            if (sinks.isEmpty()) {
                return List.of();
            }
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                if (RUN_LAUNCHED.equals(runStatus.get(i)) && !sinksStarted.get(i)) {
                    out.add(i);
                }
            }
            return out;
        }

        public boolean created() {
            return !status.isEmpty();
        }

        public boolean active() {
            return ACTIVE.equals(status);
        }

        public Summary summary() {
            List<RunView> views = new ArrayList<>(runs.size());
            for (int i = 0; i < runs.size(); i++) {
                Run r = runs.get(i);
                views.add(new RunView(i, r.actionId(), r.validFrom(), r.expireAfter(), runStatus.get(i)));
            }
            return new Summary(orderId, name, status, postedBy.investigatorId(), postedBy.name(), createdAt, views);
        }

        State withRun(int index, String st) {
            List<String> l = new ArrayList<>(runStatus);
            l.set(index, st);
            return new State(orderId, name, status, runs, Collections.unmodifiableList(l), index + 1, postedBy,
                    createdAt, sinks, sinksStarted);
        }

        State withSinksStarted(int index) {
            List<Boolean> l = new ArrayList<>(sinksStarted);
            l.set(index, true);
            return new State(orderId, name, status, runs, runStatus, next, postedBy, createdAt, sinks,
                    Collections.unmodifiableList(l));
        }

        State withStatus(String st) {
            return new State(orderId, name, st, runs, runStatus, next, postedBy, createdAt, sinks, sinksStarted);
        }
    }

    // ---------------------------------------------------------------- wiring

    /** Registers the entity with Cluster Sharding on this node (the scheduler role owns orders). */
    public static void initSharding(ActorSystem<?> system, RunLauncher launcher, StandingSettings settings) {
        initSharding(system, launcher, SinkStarter.NONE, settings);
    }

    /** As above, with the sinks' starter. */
    public static void initSharding(ActorSystem<?> system, RunLauncher launcher, SinkStarter sinks,
                                    StandingSettings settings) {
        // remembered and never passivated while active: a run must launch with no message to wake the order
        ClusterShardingSettings sharding = ClusterShardingSettings.create(system)
                .withRememberEntities(true)
                .withRememberEntitiesStoreMode(ClusterShardingSettings.RememberEntitiesStoreModeEventSourced$.MODULE$)
                .withNoPassivationStrategy()
                .withRole("scheduler");
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> create(
                PersistenceId.of(ctx.getEntityTypeKey().name(), ctx.getEntityId()), Long.parseLong(ctx.getEntityId()),
                launcher, sinks, settings, Clock.systemUTC(),
                self -> ctx.getShard().tell(new ClusterSharding.Passivate<>(self)))).withSettings(sharding));
    }

    /** A proxy on a node that only reaches orders (API role without the scheduler role). */
    public static void initProxy(ActorSystem<?> system) {
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> Behaviors.<Command>empty()).withRole("scheduler"));
    }

    public static Behavior<Command> create(PersistenceId pid, long orderId, RunLauncher launcher,
                                           StandingSettings settings, Clock clock, Consumer<ActorRef<Command>> passivate) {
        return create(pid, orderId, launcher, SinkStarter.NONE, settings, clock, passivate);
    }

    public static Behavior<Command> create(PersistenceId pid, long orderId, RunLauncher launcher, SinkStarter sinks,
                                           StandingSettings settings, Clock clock, Consumer<ActorRef<Command>> passivate) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new StandingOrderEntity(pid, orderId, ctx, timers, launcher, sinks, settings, clock, passivate)));
    }

    private final long orderId;
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final RunLauncher launcher;
    private final SinkStarter sinkStarter;
    private final StandingSettings settings;
    private final Clock clock;
    private final Consumer<ActorRef<Command>> passivate;
    /** A launch awaits the action entity's answer (not persisted: re-sent after recovery, harmlessly). */
    private boolean launching;
    /** Runs whose delivery start awaits its answer (not persisted: re-sent after recovery, harmlessly). */
    private final java.util.Set<Integer> sinksInFlight = new java.util.HashSet<>();

    private StandingOrderEntity(PersistenceId pid, long orderId, ActorContext<Command> ctx,
                                TimerScheduler<Command> timers, RunLauncher launcher, SinkStarter sinkStarter,
                                StandingSettings settings,
                                Clock clock, Consumer<ActorRef<Command>> passivate) {
        super(pid, SupervisorStrategy.restartWithBackoff(java.time.Duration.ofMillis(200),
                java.time.Duration.ofSeconds(10), 0.2));
        this.orderId = orderId;
        this.ctx = ctx;
        this.timers = timers;
        this.launcher = launcher;
        this.sinkStarter = sinkStarter;
        this.settings = settings;
        this.clock = clock;
        this.passivate = passivate;
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public java.util.Set<String> tagsFor(Event event) {
        return java.util.Set.of(settings.eventTag());
    }

    // ---------------------------------------------------------------- command handlers

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        CommandHandlerBuilder<Command, Event, State> b = newCommandHandlerBuilder();
        b.forState(s -> !s.created())
                .onCommand(Create.class, this::onCreate)
                .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.error(UNKNOWN + orderId)))
                .onCommand(Cancel.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.error(UNKNOWN + orderId)))
                .onCommand(Passivate.class, (s, c) -> passivateNow())
                .onAnyCommand(c -> Effect().none());
        b.forState(State::active)
                .onCommand(Create.class, this::onCreateAgain)
                .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.success(s.summary())))
                .onCommand(Cancel.class, this::onCancel)
                .onCommand(Tick.class, this::onTick)
                .onCommand(Launched.class, this::onLaunched)
                .onCommand(LaunchFailed.class, this::onLaunchFailed)
                .onCommand(WindowClosed.class, this::onWindowClosed)
                .onCommand(SinksStarted.class, this::onSinksStarted)
                .onCommand(SinksStartFailed.class, this::onSinksStartFailed)
                .onCommand(StartSinks.class, (s, c) -> startSinks(s))
                .onCommand(Passivate.class, (s, c) -> Effect().none());
        b.forState(s -> s.created() && !s.active())
                .onCommand(Create.class, this::onCreateAgain)
                .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.success(s.summary())))
                .onCommand(Cancel.class, (s, c) -> Effect().reply(c.replyTo(),
                        StatusReply.error("standing order " + orderId + " is already " + s.status())))
                .onCommand(SinksStarted.class, this::onSinksStarted)
                .onCommand(SinksStartFailed.class, this::onSinksStartFailed)
                .onCommand(StartSinks.class, (s, c) -> startSinks(s))
                .onCommand(Passivate.class, this::passivateWhenSinksStarted)
                .onAnyCommand(c -> Effect().none());
        return b.build();
    }

    private Effect<Event, State> onCreate(State s, Create c) {
        if (c.runs().isEmpty()) {
            return Effect().reply(c.replyTo(), StatusReply.error("a standing order needs at least one run"));
        }
        for (int i = 1; i < c.runs().size(); i++) {
            if (c.runs().get(i).validFrom().isBefore(c.runs().get(i - 1).expireAfter())) {
                return Effect().reply(c.replyTo(), StatusReply.error("run " + i + " opens before run " + (i - 1)
                        + " expires: windows must be in order and must not overlap"));
            }
        }
        try {
            sinkStarter.check(c.sinks());
        } catch (IllegalArgumentException e) {
            return Effect().reply(c.replyTo(), StatusReply.error(e.getMessage()));
        }
        // microseconds: what the read tables hold, so that the entity and the tables show the same time
        OrderCreated ev = new OrderCreated(orderId, c.name(), List.copyOf(c.runs()), c.postedBy(),
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), c.sinks());
        ctx.getLog().info("standing order {} '{}': {} runs by {}", orderId, c.name(), c.runs().size(),
                c.postedBy().name());
        return Effect().persist(ev)
                .thenRun(st -> ctx.getSelf().tell(Tick.INSTANCE))
                .thenReply(c.replyTo(), st -> StatusReply.success(st.summary()));
    }

    /** The same order again (a client retrying) is answered as the first time; anything else is refused. */
    private Effect<Event, State> onCreateAgain(State s, Create c) {
        if (s.name().equals(c.name()) && s.runs().equals(c.runs()) && s.sinks().equals(c.sinks())) {
            return Effect().reply(c.replyTo(), StatusReply.success(s.summary()));
        }
        return Effect().reply(c.replyTo(), StatusReply.error("standing order " + orderId + " exists with other content"));
    }

    private Effect<Event, State> onCancel(State s, Cancel c) {
        if (!c.by().admin() && c.by().investigatorId() != s.postedBy().investigatorId()) {
            return Effect().reply(c.replyTo(), StatusReply.error(NOT_ALLOWED + "investigator " + c.by().name()
                    + " neither posted standing order " + orderId + " nor is an administrator"));
        }
        return Effect().persist(new OrderCancelled(c.by().investigatorId(), c.by().name(), clock.instant()))
                .thenRun(this::finished)
                .thenReply(c.replyTo(), st -> StatusReply.success(st.summary()));
    }

    private Effect<Event, State> onTick(State s, Tick c) {
        if (launching) {
            return Effect().none();
        }
        if (s.next() >= s.runs().size()) {
            return Effect().persist(new OrderCompleted(clock.instant())).thenRun(this::finished);
        }
        Run run = s.runs().get(s.next());
        Instant now = clock.instant();
        if (now.isBefore(run.validFrom())) {
            timers.startSingleTimer("next", Tick.INSTANCE, ActionEntity.delayUntil(now, run.validFrom()));
            return Effect().none();
        }
        launching = true;
        int index = s.next();
        if (!now.isBefore(run.expireAfter())) {
            // a Create may have reached the action before a crash took its answer: then the run was launched
            ctx.pipeToSelf(launcher.exists(run.actionId()), (created, err) -> err == null
                    ? new WindowClosed(index, created) : new LaunchFailed(index, String.valueOf(err.getMessage())));
            return Effect().none();
        }
        ctx.pipeToSelf(launcher.launch(run.actionId(), run.actionJson(), s.postedBy(), run.lateReach()), (ok, err) -> err == null
                ? new Launched(index) : new LaunchFailed(index, String.valueOf(err.getMessage())));
        return Effect().none();
    }

    private Effect<Event, State> onLaunched(State s, Launched c) {
        launching = false;
        if (c.index() != s.next()) {
            return Effect().none(); // an answer from before a cancel or restart
        }
        Run run = s.runs().get(c.index());
        ctx.getLog().info("standing order {}: run {} launched as action {}", orderId, c.index(), run.actionId());
        return Effect().persist(new RunLaunched(c.index(), run.actionId(), clock.instant()))
                .thenRun(this::sendSinkStarts)
                .thenRun(st -> ctx.getSelf().tell(Tick.INSTANCE));
    }

    private Effect<Event, State> onWindowClosed(State s, WindowClosed c) {
        launching = false;
        if (c.index() != s.next()) {
            return Effect().none();
        }
        Run run = s.runs().get(c.index());
        Instant now = clock.instant();
        if (c.created()) {
            ctx.getLog().info("standing order {}: run {} found created as action {}", orderId, c.index(),
                    run.actionId());
            return Effect().persist(new RunLaunched(c.index(), run.actionId(), now))
                    .thenRun(this::sendSinkStarts)
                    .thenRun(st -> ctx.getSelf().tell(Tick.INSTANCE));
        }
        ctx.getLog().warn("standing order {}: run {} (action {}) missed, its window closed at {}", orderId,
                c.index(), run.actionId(), run.expireAfter());
        return Effect().persist(new RunMissed(c.index(), run.actionId(), now))
                .thenRun(st -> ctx.getSelf().tell(Tick.INSTANCE));
    }

    private Effect<Event, State> onLaunchFailed(State s, LaunchFailed c) {
        launching = false;
        ctx.getLog().warn("standing order {}: run {} not launched ({}), retried in {}", orderId, c.index(),
                c.reason(), settings.launchRetry());
        timers.startSingleTimer("next", Tick.INSTANCE, settings.launchRetry());
        return Effect().none();
    }

    private Effect<Event, State> startSinks(State s) {
        sendSinkStarts(s);
        return Effect().none();
    }

    /** The starter: asks the delivery entity of each launched run lacking RunSinksStarted (once at a time). */
    private void sendSinkStarts(State s) {
        for (int index : s.sinksPending()) {
            if (!sinksInFlight.add(index)) {
                continue;
            }
            Run run = s.runs().get(index);
            ctx.pipeToSelf(sinkStarter.start(run.actionId(), s.name(), s.sinks(), run.expireAfter()),
                    (ok, err) -> err == null ? new SinksStarted(index)
                            : new SinksStartFailed(index, String.valueOf(err.getMessage())));
        }
    }

    private Effect<Event, State> onSinksStarted(State s, SinksStarted c) {
        sinksInFlight.remove(c.index());
        if (s.sinksStarted().get(c.index())) {
            return Effect().none();
        }
        return Effect().persist(new RunSinksStarted(c.index(), s.runs().get(c.index()).actionId(), clock.instant()));
    }

    private Effect<Event, State> onSinksStartFailed(State s, SinksStartFailed c) {
        sinksInFlight.remove(c.index());
        ctx.getLog().warn("standing order {}: sinks of run {} not started ({}), retried in {}", orderId, c.index(),
                c.reason(), settings.launchRetry());
        timers.startSingleTimer("sinks", StartSinks.INSTANCE, settings.launchRetry());
        return Effect().none();
    }

    /** A finished order stays until every launched run's delivery is started. */
    private Effect<Event, State> passivateWhenSinksStarted(State s, Passivate c) {
        if (!s.sinksPending().isEmpty()) {
            sendSinkStarts(s);
            timers.startSingleTimer("passivate", Passivate.INSTANCE, settings.passivateAfterFinish());
            return Effect().none();
        }
        return passivateNow();
    }

    private Effect<Event, State> passivateNow() {
        passivate.accept(ctx.getSelf());
        return Effect().none();
    }

    private void finished(State s) {
        timers.cancel("next");
        timers.startSingleTimer("passivate", Passivate.INSTANCE, settings.passivateAfterFinish());
        ctx.getLog().info("standing order {}: {}", orderId, s.status());
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), s -> {
            launching = false;
            sinksInFlight.clear();
            sendSinkStarts(s);
            if (s.active()) {
                ctx.getSelf().tell(Tick.INSTANCE);
            } else {
                timers.startSingleTimer("passivate", Passivate.INSTANCE, settings.passivateAfterFinish());
            }
        }).build();
    }

    // ---------------------------------------------------------------- event handler

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(OrderCreated.class, (s, e) -> new State(e.orderId(), e.name(), ACTIVE, e.runs(),
                        Collections.nCopies(e.runs().size(), RUN_WAITING), 0, e.postedBy(), e.at(), e.sinks(),
                        Collections.nCopies(e.runs().size(), false)))
                .onEvent(RunSinksStarted.class, (s, e) -> s.withSinksStarted(e.index()))
                .onEvent(RunLaunched.class, (s, e) -> s.withRun(e.index(), RUN_LAUNCHED))
                .onEvent(RunMissed.class, (s, e) -> s.withRun(e.index(), RUN_MISSED))
                .onEvent(OrderCancelled.class, (s, e) -> s.withStatus(CANCELLED))
                .onEvent(OrderCompleted.class, (s, e) -> s.withStatus(COMPLETED))
                .build();
    }
}
