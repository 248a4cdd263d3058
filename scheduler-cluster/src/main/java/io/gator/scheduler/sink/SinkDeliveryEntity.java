package io.gator.scheduler.sink;

import io.gator.scheduler.JsonSerializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
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
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Delivery of one run's results (entity id = the run's action id) to the sinks it names. The request and each
 * sink's outcome are events, so a node restart resumes where delivery stood: sinks already delivered are not
 * delivered again, the others are. Results are read once the action's window closed (plus results-delay) from the
 * action's own events; each failed attempt is recorded and retried with exponential backoff until delivered or
 * the attempts/age cap abandons it (logged and visible in Get). At least once: a crash between a delivery and its
 * event repeats it, which is why every record carries an id.
 */
public final class SinkDeliveryEntity
        extends EventSourcedBehavior<SinkDeliveryEntity.Command, SinkDeliveryEntity.Event, SinkDeliveryEntity.State> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "SinkDelivery");

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String ABANDONED = "abandoned";

    // ---------------------------------------------------------------- commands

    public sealed interface Command extends JsonSerializable {}

    /** Deliver action {@code actionId}'s results (due after {@code expireAfter}); a repeat is answered alike. */
    public record Start(long actionId, String name, List<SinkSpec> sinks, Instant expireAfter,
                        ActorRef<StatusReply<Done>> replyTo) implements Command {}

    public record Get(ActorRef<State> replyTo) implements Command {}

    /** Time to read the results (timer, recovery). */
    enum Check implements Command { INSTANCE }

    enum Passivate implements Command { INSTANCE }

    record Loaded(Optional<RunResults> results, String error) implements Command {}

    record Retry(int index) implements Command {}

    record AttemptDone(int index, String error) implements Command {}

    // ---------------------------------------------------------------- events

    public sealed interface Event extends JsonSerializable {}

    public record DeliveryRequested(long actionId, String name, List<SinkSpec> sinks, Instant expireAfter,
                                    Instant at) implements Event {}

    public record SinkDelivered(int index, Instant at) implements Event {}

    public record SinkAttemptFailed(int index, String reason, Instant at) implements Event {}

    public record SinkAbandoned(int index, String reason, Instant at) implements Event {}

    // ---------------------------------------------------------------- state

    /** {@code outcome} and {@code failures} parallel to {@code sinks}. */
    public record State(long actionId, String name, List<SinkSpec> sinks, Instant expireAfter, List<String> outcome,
                        List<Integer> failures, List<String> lastError) implements JsonSerializable {
        public static final State EMPTY = new State(0, "", List.of(), Instant.EPOCH, List.of(), List.of(), List.of());

        public boolean created() {
            return !sinks.isEmpty();
        }

        public boolean done() {
            return created() && !outcome.contains(PENDING);
        }

        State with(int index, String st, int addFailure, String error) {
            List<String> o = new ArrayList<>(outcome);
            o.set(index, st);
            List<Integer> f = new ArrayList<>(failures);
            f.set(index, f.get(index) + addFailure);
            List<String> e = new ArrayList<>(lastError);
            e.set(index, error);
            return new State(actionId, name, sinks, expireAfter, Collections.unmodifiableList(o),
                    Collections.unmodifiableList(f), Collections.unmodifiableList(e));
        }
    }

    // ---------------------------------------------------------------- wiring

    /** Registers the entity on this node (scheduler role): remembered, so a restart resumes pending deliveries. */
    public static void initSharding(ActorSystem<?> system, ResultSource source, SinkSettings settings) {
        ClusterShardingSettings sharding = ClusterShardingSettings.create(system)
                .withRememberEntities(true)
                .withRememberEntitiesStoreMode(ClusterShardingSettings.RememberEntitiesStoreModeEventSourced$.MODULE$)
                .withNoPassivationStrategy()
                .withRole("scheduler");
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> create(
                PersistenceId.of(ctx.getEntityTypeKey().name(), ctx.getEntityId()), source,
                spec -> Sink.of(spec, settings), settings, Clock.systemUTC(),
                self -> ctx.getShard().tell(new ClusterSharding.Passivate<>(self)))).withSettings(sharding));
    }

    /** A proxy on a node that only reaches deliveries (API role without the scheduler role). */
    public static void initProxy(ActorSystem<?> system) {
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> Behaviors.<Command>empty()).withRole("scheduler"));
    }

    public static Behavior<Command> create(PersistenceId pid, ResultSource source, Function<SinkSpec, Sink> sinks,
                                           SinkSettings settings, Clock clock,
                                           Consumer<ActorRef<Command>> passivate) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new SinkDeliveryEntity(pid, ctx, timers, source, sinks, settings, clock, passivate)));
    }

    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final ResultSource source;
    private final Function<SinkSpec, Sink> sinks;
    private final SinkSettings settings;
    private final Clock clock;
    private final Consumer<ActorRef<Command>> passivate;
    private final Executor blocking;
    /** The results once read (not persisted: read again after a restart). */
    private RunResults results;
    private boolean loading;
    private final java.util.Set<Integer> inFlight = new java.util.HashSet<>();

    private SinkDeliveryEntity(PersistenceId pid, ActorContext<Command> ctx, TimerScheduler<Command> timers,
                               ResultSource source, Function<SinkSpec, Sink> sinks, SinkSettings settings,
                               Clock clock, Consumer<ActorRef<Command>> passivate) {
        super(pid, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
        this.ctx = ctx;
        this.timers = timers;
        this.source = source;
        this.sinks = sinks;
        this.settings = settings;
        this.clock = clock;
        this.passivate = passivate;
        this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Start.class, this::onStart)
                .onCommand(Get.class, (s, c) -> Effect().none().thenRun(x -> c.replyTo().tell(s)))
                .onCommand(Check.class, this::onCheck)
                .onCommand(Loaded.class, this::onLoaded)
                .onCommand(Retry.class, (s, c) -> {
                    deliverPending(s);
                    return Effect().none();
                })
                .onCommand(AttemptDone.class, this::onAttemptDone)
                .onCommand(Passivate.class, (s, c) -> {
                    passivate.accept(ctx.getSelf());
                    return Effect().none();
                })
                .build();
    }

    private Effect<Event, State> onStart(State s, Start c) {
        if (s.created()) {
            return Effect().reply(c.replyTo(), StatusReply.ack());
        }
        if (c.sinks().isEmpty()) {
            return Effect().reply(c.replyTo(), StatusReply.error("no sinks"));
        }
        try {
            c.sinks().forEach(settings::check);
        } catch (IllegalArgumentException e) {
            return Effect().reply(c.replyTo(), StatusReply.error(e.getMessage()));
        }
        return Effect().persist(new DeliveryRequested(c.actionId(), c.name(), List.copyOf(c.sinks()),
                        c.expireAfter(), clock.instant()))
                .thenRun(st -> scheduleCheck(st))
                .thenReply(c.replyTo(), st -> StatusReply.ack());
    }

    private void scheduleCheck(State s) {
        Duration wait = Duration.between(clock.instant(), s.expireAfter().plus(settings.resultsDelay()));
        timers.startSingleTimer("check", Check.INSTANCE, wait.isNegative() ? Duration.ZERO : wait);
    }

    private Effect<Event, State> onCheck(State s, Check c) {
        if (!s.created() || s.done() || loading) {
            return Effect().none();
        }
        if (results != null) {
            deliverPending(s);
            return Effect().none();
        }
        loading = true;
        ctx.pipeToSelf(source.finished(s.actionId()), (r, e) -> e == null
                ? new Loaded(r, "") : new Loaded(Optional.empty(), String.valueOf(e.getMessage())));
        return Effect().none();
    }

    private Effect<Event, State> onLoaded(State s, Loaded c) {
        loading = false;
        if (c.results().isEmpty()) {
            if (!c.error().isEmpty()) {
                ctx.getLog().warn("sinks of action {}: reading results failed: {}", s.actionId(), c.error());
            }
            Instant now = clock.instant();
            if (c.error().isEmpty() && now.isAfter(s.expireAfter().plus(settings.webhookMaxAge()))) {
                // the action never finished (or was never created) long after its window: stop waiting
                List<Event> gaveUp = new ArrayList<>();
                for (int i = 0; i < s.sinks().size(); i++) {
                    if (PENDING.equals(s.outcome().get(i))) {
                        gaveUp.add(new SinkAbandoned(i, "action " + s.actionId() + " has no final status", now));
                    }
                }
                ctx.getLog().error("sinks of action {}: the action never finished, delivery abandoned", s.actionId());
                return Effect().persist(gaveUp).thenRun(this::afterOutcome);
            }
            // not finished yet (or the journal is unreachable): look again later
            timers.startSingleTimer("check", Check.INSTANCE, settings.retryMax());
            return Effect().none();
        }
        results = c.results().get();
        deliverPending(s);
        return Effect().none();
    }

    private void deliverPending(State s) {
        if (results == null) {
            ctx.getSelf().tell(Check.INSTANCE);
            return;
        }
        for (int i = 0; i < s.sinks().size(); i++) {
            if (PENDING.equals(s.outcome().get(i)) && !inFlight.contains(i) && !timers.isTimerActive("retry-" + i)) {
                int index = i;
                SinkSpec spec = s.sinks().get(i);
                RunResults run = results;
                inFlight.add(i);
                ctx.pipeToSelf(CompletableFuture.runAsync(() -> {
                    try {
                        sinks.apply(spec).deliver(run, s.name());
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }, blocking), (ok, e) -> new AttemptDone(index, e == null ? "" : reason(e)));
            }
        }
    }

    private static String reason(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private Effect<Event, State> onAttemptDone(State s, AttemptDone c) {
        inFlight.remove(c.index());
        Instant now = clock.instant();
        SinkSpec spec = s.sinks().get(c.index());
        if (c.error().isEmpty()) {
            return Effect().persist(new SinkDelivered(c.index(), now)).thenRun(this::afterOutcome);
        }
        int attempts = s.failures().get(c.index()) + 1;
        ctx.getLog().warn("sink {} of action {}: attempt {} failed: {}", spec, s.actionId(), attempts, c.error());
        boolean tooOld = now.isAfter(s.expireAfter().plus(settings.webhookMaxAge()));
        if (attempts >= settings.webhookMaxAttempts() || tooOld) {
            String why = "gave up after " + attempts + " attempts" + (tooOld ? " (older than max age)" : "")
                    + ": " + c.error();
            ctx.getLog().error("sink {} of action {}: {}", spec, s.actionId(), why);
            return Effect().persist(List.of(new SinkAttemptFailed(c.index(), c.error(), now),
                    new SinkAbandoned(c.index(), why, now))).thenRun(this::afterOutcome);
        }
        return Effect().persist(new SinkAttemptFailed(c.index(), c.error(), now))
                .thenRun(st -> timers.startSingleTimer("retry-" + c.index(), new Retry(c.index()),
                        settings.backoff(attempts)));
    }

    private void afterOutcome(State s) {
        if (s.done()) {
            timers.startSingleTimer("passivate", Passivate.INSTANCE, settings.passivateAfterFinish());
        }
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(DeliveryRequested.class, (s, e) -> new State(e.actionId(), e.name(), e.sinks(),
                        e.expireAfter(), Collections.nCopies(e.sinks().size(), PENDING),
                        Collections.nCopies(e.sinks().size(), 0), Collections.nCopies(e.sinks().size(), "")))
                .onEvent(SinkDelivered.class, (s, e) -> s.with(e.index(), DELIVERED, 0, ""))
                .onEvent(SinkAttemptFailed.class, (s, e) -> s.with(e.index(), PENDING, 1, e.reason()))
                .onEvent(SinkAbandoned.class, (s, e) -> s.with(e.index(), ABANDONED, 0, e.reason()))
                .build();
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), s -> {
            if (s.done()) {
                timers.startSingleTimer("passivate", Passivate.INSTANCE, settings.passivateAfterFinish());
            } else if (s.created()) {
                scheduleCheck(s);
            }
        }).build();
    }
}
