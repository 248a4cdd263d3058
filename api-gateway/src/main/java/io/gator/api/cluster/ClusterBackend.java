package io.gator.api.cluster;

import io.gator.api.auth.Admins;
import io.gator.api.backend.ActionIds;
import io.gator.api.backend.ApiBackend;
import io.gator.api.backend.ForbiddenException;
import io.gator.api.backend.ApiKeyCredential;
import io.gator.api.backend.BackendRejectedException;
import io.gator.api.backend.BackendUnavailableException;
import io.gator.api.backend.DashboardStats;
import io.gator.api.backend.InvestigatorUpdate;
import io.gator.api.backend.JournalEvent;
import io.gator.api.backend.NewInvestigator;
import io.gator.api.backend.NotFoundException;
import io.gator.api.backend.SearchQuery;
import io.gator.api.backend.SearchResult;
import io.gator.core.action.Action;
import io.gator.core.agent.Agent;
import io.gator.core.agent.HttpHeartbeat;
import io.gator.core.command.Command;
import io.gator.core.command.Result;
import io.gator.core.investigator.Investigator;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;
import io.gator.core.target.SqlDialect;
import io.gator.core.target.SqlWhere;
import io.gator.core.target.Target;
import io.gator.core.target.TargetSyntaxException;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceException;
import io.gator.persistence.action.ActionReadRepository;
import io.gator.persistence.action.ActionSearch;
import io.gator.persistence.action.CommandReadRepository;
import io.gator.persistence.action.CommandRow;
import io.gator.persistence.agent.AgentRepository;
import io.gator.persistence.agent.AgentStatsRepository;
import io.gator.persistence.investigator.InvestigatorRepository;
import io.gator.persistence.journal.ActionJournal;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.Pacing;
import io.gator.scheduler.standing.StandingOrderEntity;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import com.typesafe.config.Config;
import io.gator.api.backend.ActionUpdate;
import io.gator.core.action.Counters;
import io.gator.scheduler.action.ActionProgress;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;

/**
 * The API's backend in production: reads from the read tables (written by the scheduler's
 * projection), actions created and cancelled through Cluster Sharding (the scheduler role owns
 * them), heartbeats and investigators written to their tables. Blocking JDBC runs on the
 * blocking dispatcher; a database or cluster failure becomes "backend unavailable" (503).
 */
public final class ClusterBackend implements ApiBackend {
    private final ActorSystem<?> system;
    private final Database db;
    /** MIG's windows (24h new, 7 days disappeared, 20m flapping), for a dashboard asked before any stats pass. */
    private static final AgentStatsRepository.Windows MIG_STATS_WINDOWS = new AgentStatsRepository.Windows(
            Duration.ofHours(24), Duration.ofDays(7), Duration.ofMinutes(20), Duration.ofMinutes(1));
    private final AgentRepository agents;
    private final AgentStatsRepository agentStats;
    private final InvestigatorRepository investigators;
    private final ActionReadRepository actions;
    private final io.gator.persistence.standing.StandingOrderReadRepository standing;
    private final CommandReadRepository commands;
    private final ActionJournal journal;
    private final JdbcReadJournal readJournal;
    private final Clock clock;
    private final ActionIds actionIds;
    private final Duration askTimeout;
    private final Executor blocking;
    /** Actions created through this node, until the read table has them (bounded, oldest evicted first). */
    private final java.util.Map<Long, Action> recent = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Long, Action> eldest) {
                    return size() > 1000;
                }
            });

    public ClusterBackend(ActorSystem<?> system, Database db, int batchSize, Clock clock, Duration askTimeout) {
        this.system = system;
        this.db = db;
        this.agents = new AgentRepository(db, batchSize);
        this.agentStats = new AgentStatsRepository(db);
        this.investigators = new InvestigatorRepository(db);
        this.actions = new ActionReadRepository(db);
        this.standing = new io.gator.persistence.standing.StandingOrderReadRepository(db);
        this.commands = new CommandReadRepository(db);
        this.journal = new ActionJournal(system);
        this.readJournal = PersistenceQuery.get(system)
                .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
        this.clock = clock;
        this.actionIds = new ActionIds(clock);
        this.askTimeout = askTimeout;
        this.blocking = system.dispatchers().lookup(org.apache.pekko.actor.typed.DispatcherSelector.blocking());
    }

    /** Serialises this node's status and permission changes, so two cannot both remove "the other" last admin. */
    private final Object adminChanges = new Object();

    /** Nobody could manage investigators through the API any more: refused with a 400 naming why. */
    private void refuseRemovingLastAdmin(Investigator current, InvestigatorUpdate u) {
        boolean wasAdmin = "active".equals(current.status()) && Admins.isAdmin(current.permissions());
        boolean staysAdmin = "active".equals(u.status().orElse(current.status()))
                && Admins.isAdmin(u.permissions().orElse(current.permissions()));
        if (wasAdmin && !staysAdmin && investigators.active().stream()
                .noneMatch(i -> i.id() != current.id() && Admins.isAdmin(i.permissions()))) {
            throw new BackendRejectedException("refusing to remove the last active administrator (" + current.name()
                    + "): make another investigator an administrator first");
        }
    }

    private <T> CompletionStage<T> io(Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.get();
            } catch (PersistenceException e) {
                throw new BackendUnavailableException("database: " + e.getMessage());
            }
        }, blocking);
    }

    private SqlDialect sqlDialect() {
        return db.dialect() == Dialect.H2 ? SqlDialect.H2 : SqlDialect.POSTGRESQL;
    }

    @Override
    public CompletionStage<Optional<Action>> action(long id) {
        return io(() -> actions.find(id)).thenCompose(found -> {
            if (found.isPresent()) {
                return CompletableFuture.completedFuture(found);
            }
            // Created through this node but not in the read table yet (the projection trails by a moment).
            // Answer "pending" with no counts rather than the entity's live counters: commands are read from
            // the same tables, and a client that saw "done" before they arrive would miss results.
            Action created = recent.get(id);
            return CompletableFuture.completedFuture(created == null ? Optional.<Action>empty()
                    : Optional.of(created.withStatus(io.gator.core.action.ActionStatus.PENDING.wire(), io.gator.core.action.Counters.ZERO)));
        });
    }

    @Override
    public CompletionStage<Optional<Command>> command(long id) {
        return io(() -> commands.find(id).map(this::toCommand));
    }

    private Command toCommand(CommandRow r) {
        Action a = actions.find(r.actionId())
                .orElse(Action.of(r.actionId(), "", "", MigTime.ZERO, MigTime.ZERO, List.of()));
        Agent agent = agents.findByQueueLoc(r.queueLoc()).orElse(Agent.of(r.agentName(), r.queueLoc())
                .withId(r.agentId()));
        return new Command(r.id(), a, agent, r.status(), r.results(), r.startTime(), r.finishTime());
    }

    @Override
    public CompletionStage<Optional<Agent>> agent(long id) {
        return io(() -> agents.select("id = ?", List.of(id)).stream().findFirst());
    }

    @Override
    public CompletionStage<Optional<Investigator>> investigator(long id) {
        return io(() -> investigators.findById(id));
    }

    @Override
    public CompletionStage<SearchResult> search(SearchQuery q) {
        return io(() -> switch (q.type()) {
            case ACTION -> new SearchResult.Actions(actions.search(actionSearch(q)));
            case COMMAND -> new SearchResult.Commands(searchCommands(q));
            case AGENT -> new SearchResult.Agents(searchAgents(q));
            case INVESTIGATOR -> new SearchResult.Investigators(investigators.all().stream()
                    .filter(i -> q.investigatorId().isEmpty() || i.id() == q.investigatorId().getAsLong())
                    .filter(i -> like(i.name(), q.investigatorName()) && like(i.status(), q.status()))
                    .skip(q.offset()).limit(q.limit()).toList());
            default -> throw new BackendRejectedException("search type " + q.type() + " is not supported by Gator");
        });
    }

    private ActionSearch actionSearch(SearchQuery q) {
        return new ActionSearch(q.actionId().isPresent() ? Optional.of(q.actionId().getAsLong()) : Optional.empty(),
                pattern(q.actionName()), pattern(q.status()),
                q.agentId().isPresent() ? Optional.of(q.agentId().getAsLong()) : Optional.empty(),
                pattern(q.agentName()), Optional.of(q.after()), Optional.of(q.before()),
                (int) Math.min(q.limit(), Integer.MAX_VALUE),
                (int) q.offset(), pattern(q.threatFamily()));
    }

    private List<Command> searchCommands(SearchQuery q) {
        ActionSearch s = actionSearch(q);
        if (q.foundAnything().isEmpty()) {
            return commands.search(s).stream().map(this::toCommand).toList();
        }
        // foundanything is a property of the results JSON: filter after reading the action's commands.
        boolean found = q.foundAnything().get();
        ActionSearch everything = new ActionSearch(s.actionId(), s.actionName(), s.status(), s.agentId(), s.agentName(),
                s.after(), s.before(), Integer.MAX_VALUE, 0, s.threatFamily());
        return commands.search(everything).stream()
                .filter(r -> r.results().stream().anyMatch(Result::foundAnything) == found)
                .skip(q.offset()).limit(q.limit()).map(this::toCommand).toList();
    }

    private List<Agent> searchAgents(SearchQuery q) {
        if (q.target().isPresent()) {
            SqlWhere where;
            try {
                where = Target.parse(q.target().get()).toSql(sqlDialect(), clock);
            } catch (TargetSyntaxException e) {
                throw new BackendRejectedException(e.getMessage());
            }
            return agents.select(where.sql(), where.params()).stream().limit(q.limit()).toList();
        }
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("1 = 1");
        if (q.agentId().isPresent()) {
            where.append(" AND id = ?");
            params.add(q.agentId().getAsLong());
        }
        pattern(q.agentName()).ifPresent(p -> {
            where.append(" AND LOWER(name) LIKE LOWER(?)");
            params.add(p);
        });
        pattern(q.status()).ifPresent(p -> {
            where.append(" AND LOWER(status) LIKE LOWER(?)");
            params.add(p);
        });
        pattern(q.agentVersion()).ifPresent(p -> {
            where.append(" AND LOWER(version) LIKE LOWER(?)");
            params.add(p);
        });
        return agents.select(where.toString(), params).stream().skip(q.offset()).limit(q.limit()).toList();
    }

    private static Optional<String> pattern(String p) {
        return p == null || p.equals("%") ? Optional.empty() : Optional.of(p.replace('*', '%'));
    }

    private static boolean like(String value, String pattern) {
        if (pattern == null || pattern.equals("%")) {
            return true;
        }
        String re = java.util.regex.Pattern.quote(pattern.toLowerCase()).replace("%", "\\E.*\\Q").replace("_", "\\E.\\Q");
        return value.toLowerCase().matches(re);
    }

    /** Attempts at a fresh ID when a random one is already taken (a one-in-millions chance per second). */
    private static final int ID_ATTEMPTS = 3;

    @Override
    public CompletionStage<Action> createAction(Action action, List<Investigator> signers, Investigator postedBy) {
        return createAction(action, signers, postedBy, false);
    }

    @Override
    public CompletionStage<Action> createAction(Action action, List<Investigator> signers, Investigator postedBy,
                                                boolean lateReach) {
        // the server picks the ID: the posted one is not part of the signed string, so a caller could
        // otherwise take IDs that others' actions will need
        return createAction(action, signers, postedBy, lateReach, Pacing.NONE);
    }

    @Override
    public CompletionStage<Action> createAction(Action action, List<Investigator> signers, Investigator postedBy,
                                                boolean lateReach, Pacing pacing) {
        return createAction(action, signers, requester(postedBy), ID_ATTEMPTS, actionIds.next(), lateReach, pacing);
    }

    @Override
    public CompletionStage<Action> createActionWithId(long id, Action action, List<Investigator> signers,
                                                      Investigator postedBy) {
        return createAction(action, signers, requester(postedBy), 1, id, false, Pacing.NONE);
    }

    private CompletionStage<Action> createAction(Action action, List<Investigator> signers,
                                                 ActionEntity.Requester postedBy, int attempts, long id,
                                                 boolean lateReach, Pacing pacing) {
        Action withId = action.withId(id).withInvestigators(signers);
        String json = MigJson.write(withId);
        return ClusterSharding.get(system).entityRefFor(ActionEntity.TYPE_KEY, Long.toString(withId.id()))
                .<StatusReply<ActionEntity.Summary>>ask(reply -> new ActionEntity.Create(json, postedBy, reply, lateReach,
                                pacing),
                        askTimeout)
                .handle((reply, err) -> {
                    if (err != null) {
                        throw new BackendUnavailableException("scheduler cluster did not answer: " + err.getMessage());
                    }
                    if (reply.isError()) {
                        String m = reply.getError().getMessage();
                        if (attempts > 1 && m.endsWith("exists with other content")) {
                            return null;
                        }
                        throw new BackendRejectedException(m);
                    }
                    ActionEntity.Summary s = reply.getValue();
                    remember(withId);
                    return withId.withStatus(s.status(), s.counters());
                })
                .thenCompose(created -> created != null ? CompletableFuture.completedFuture(created)
                        : createAction(action, signers, postedBy, attempts - 1, actionIds.next(), lateReach,
                                pacing));
    }

    private static ActionEntity.Requester requester(Investigator i) {
        return new ActionEntity.Requester(i.id(), i.name(), Admins.isAdmin(i.permissions()));
    }

    private void remember(Action a) {
        recent.put(a.id(), a);
    }

    @Override
    public CompletionStage<Action> cancelAction(long id, Investigator by) {
        return ClusterSharding.get(system).entityRefFor(ActionEntity.TYPE_KEY, Long.toString(id))
                .<StatusReply<ActionEntity.Summary>>ask(reply -> new ActionEntity.Cancel(requester(by), reply),
                        askTimeout)
                .thenCompose(reply -> {
                    if (reply.isError()) {
                        String m = reply.getError().getMessage();
                        throw new CompletionException(m.startsWith(ActionEntity.NOT_ALLOWED)
                                ? new ForbiddenException(m.substring(ActionEntity.NOT_ALLOWED.length()))
                                : new BackendRejectedException(m));
                    }
                    return action(id).thenApply(a -> a.orElseThrow(() -> new NotFoundException("action " + id)))
                            .thenApply(a -> a.withStatus(reply.getValue().status(), reply.getValue().counters()));
                });
    }

    @Override
    public CompletionStage<List<JournalEvent>> actionEvents(long actionId) {
        return journal.events(actionId).thenApply(records -> records.stream()
                .map(r -> new JournalEvent(r.sequenceNr(), OffsetDateTime.ofInstant(r.timestamp(), java.time.ZoneOffset.UTC),
                        r.eventType(), MigJson.tree(r.eventJson())))
                .toList());
    }

    /** Marks the end of a live follow's push source (never sent by an entity: action IDs are positive). */
    private static final ActionProgress STOP = new ActionProgress(-1, 0, 0, "", Counters.ZERO, List.of());

    @Override
    public CompletionStage<Source<ActionUpdate, NotUsed>> follow(long actionId) {
        Config c = system.settings().config().getConfig("gator.api.follow");
        Duration catchUp = c.getDuration("catch-up-interval");
        // pushes beyond the buffer fail the stream: a client that does not read is dropped, memory stays bounded
        Pair<ActorRef<ActionProgress>, Source<ActionProgress, NotUsed>> live = ActorSource.<ActionProgress>actorRef(
                p -> p.actionId() < 0, p -> Optional.empty(), c.getInt("buffer"), OverflowStrategy.fail())
                .preMaterialize(system);
        ActorRef<ActionProgress> ref = live.first();
        ActionFollower follower = new ActionFollower(actionId, (from, to) -> journalEvents(actionId, from, to),
                () -> subscribe(actionId, ref), clock);
        return subscribe(actionId, ref).thenCompose(follower::start).handle((first, err) -> {
            if (err != null) {
                ref.tell(STOP);
                Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                throw t instanceof RuntimeException r ? r : new BackendUnavailableException(String.valueOf(t));
            }
            Source<Object, NotUsed> inputs = live.second().<Object>map(p -> p)
                    .merge(Source.tick(catchUp, catchUp, (Object) "tick").mapMaterializedValue(m -> NotUsed.getInstance()));
            return Source.single(first)
                    .concat(inputs.mapAsync(1, in -> in instanceof ActionProgress p
                            ? follower.onProgress(p) : follower.onTick()))
                    .mapConcat(l -> l)
                    .takeWhile(u -> !u.last(), true);
        });
    }

    private CompletionStage<ActionEntity.Subscribed> subscribe(long actionId, ActorRef<ActionProgress> ref) {
        return ClusterSharding.get(system).entityRefFor(ActionEntity.TYPE_KEY, Long.toString(actionId))
                .<StatusReply<ActionEntity.Subscribed>>ask(reply -> new ActionEntity.Subscribe(ref, reply), askTimeout)
                .handle((reply, err) -> {
                    if (err != null) {
                        throw new BackendUnavailableException("action " + actionId + " did not answer: " + err.getMessage());
                    }
                    if (reply.isError()) {
                        String m = reply.getError().getMessage();
                        throw m.startsWith("unknown action") ? new NotFoundException("Action ID '" + actionId
                                + "' not found") : new BackendUnavailableException(m);
                    }
                    return reply.getValue();
                });
    }

    private CompletionStage<List<ActionEntity.Event>> journalEvents(long actionId, long from, long to) {
        if (from > to) {
            return CompletableFuture.completedFuture(List.of());
        }
        return readJournal.currentEventsByPersistenceId(ActionJournal.persistenceId(actionId), from, to)
                .map(env -> (ActionEntity.Event) env.event())
                .runWith(Sink.seq(), system);
    }

    // ---------------------------------------------------------------- standing orders

    @Override
    public CompletionStage<io.gator.api.backend.StandingOrderView> createStandingOrder(String name,
            List<io.gator.api.backend.SignedRun> runs, Investigator postedBy) {
        return createStandingOrder(name, runs, postedBy, false, List.of());
    }

    @Override
    public CompletionStage<io.gator.api.backend.StandingOrderView> createStandingOrder(String name,
            List<io.gator.api.backend.SignedRun> runs, Investigator postedBy, boolean lateReach) {
        return createStandingOrder(name, runs, postedBy, lateReach, List.of());
    }

    @Override
    public CompletionStage<io.gator.api.backend.StandingOrderView> createStandingOrder(String name,
            List<io.gator.api.backend.SignedRun> runs, Investigator postedBy,
            List<io.gator.scheduler.sink.SinkSpec> sinks) {
        return createStandingOrder(name, runs, postedBy, false, sinks);
    }

    /**
     * The sinks go with the order (a sink the scheduler refuses refuses the whole order); each run's delivery
     * starts when that run launches.
     */
    @Override
    public CompletionStage<io.gator.api.backend.StandingOrderView> createStandingOrder(String name,
            List<io.gator.api.backend.SignedRun> runs, Investigator postedBy, boolean lateReach,
            List<io.gator.scheduler.sink.SinkSpec> sinks) {
        List<StandingOrderEntity.Run> planned = plan(runs, lateReach);
        return askOrder(actionIds.next(), reply ->
                new StandingOrderEntity.Create(name, requester(postedBy), planned, sinks, reply));
    }

    /** Every run's action ID and action as the order stores it. */
    private List<StandingOrderEntity.Run> plan(List<io.gator.api.backend.SignedRun> runs, boolean lateReach) {
        java.util.Set<Long> taken = new java.util.HashSet<>();
        List<StandingOrderEntity.Run> entityRuns = new ArrayList<>(runs.size());
        for (io.gator.api.backend.SignedRun r : runs) {
            // IDs grow with each run's window (newest-first listings), distinct within the series
            ActionIds ids = new ActionIds(Clock.fixed(r.action().validFrom().toInstant(), java.time.ZoneOffset.UTC));
            long id = ids.next();
            while (!taken.add(id)) {
                id = ids.next();
            }
            Action a = r.action().withId(id).withInvestigators(r.signers());
            entityRuns.add(new StandingOrderEntity.Run(id, MigJson.write(a), a.validFrom().toInstant(),
                    a.expireAfter().toInstant(), lateReach));
        }
        return entityRuns;
    }

    @Override
    public CompletionStage<Void> deliverToSinks(long actionId, String name, java.time.Instant expireAfter,
                                                List<io.gator.scheduler.sink.SinkSpec> sinks) {
        return ClusterSharding.get(system)
                .entityRefFor(io.gator.scheduler.sink.SinkDeliveryEntity.TYPE_KEY, Long.toString(actionId))
                .<StatusReply<org.apache.pekko.Done>>ask(reply -> new io.gator.scheduler.sink.SinkDeliveryEntity
                        .Start(actionId, name, sinks, expireAfter, reply), askTimeout)
                .handle((reply, err) -> {
                    if (err != null) {
                        throw new BackendUnavailableException("scheduler cluster did not answer: " + err.getMessage());
                    }
                    if (reply.isError()) {
                        throw new BackendRejectedException(reply.getError().getMessage());
                    }
                    return null;
                });
    }

    /**
     * From the read tables; an order not there (created before its events were tagged, or too new for the
     * projection yet) is asked of its entity.
     */
    @Override
    public CompletionStage<Optional<io.gator.api.backend.StandingOrderView>> standingOrder(long id) {
        // One order is asked of its entity: the projection trails a cancel or a launch by about a second, and
        // whoever just cancelled an order must see it cancelled. Lists read the tables, as does show when the
        // entity cannot be asked.
        return standingOrderFromEntity(id).exceptionallyCompose(err ->
                io(() -> standing.find(id)).thenApply(row -> row.map(ClusterBackend::view)));
    }

    private CompletionStage<Optional<io.gator.api.backend.StandingOrderView>> standingOrderFromEntity(long id) {
        return askOrder(id, StandingOrderEntity.Get::new).handle((o, err) -> {
            if (err == null) {
                return Optional.of(o);
            }
            Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (t instanceof NotFoundException) {
                return Optional.empty();
            }
            throw t instanceof RuntimeException r ? r : new BackendUnavailableException(String.valueOf(t));
        });
    }

    /**
     * The newest orders from the read tables the standing order projection writes (no entity is asked). Orders
     * created before their events were tagged are not listed.
     */
    @Override
    public CompletionStage<List<io.gator.api.backend.StandingOrderView>> standingOrders(int limit) {
        return io(() -> standing.newest(limit).stream().map(ClusterBackend::view).toList());
    }

    @Override
    public CompletionStage<io.gator.api.backend.StandingOrderView> cancelStandingOrder(long id, Investigator by) {
        return askOrder(id, reply -> new StandingOrderEntity.Cancel(requester(by), reply));
    }

    private CompletionStage<io.gator.api.backend.StandingOrderView> askOrder(long id,
            org.apache.pekko.japi.function.Function<ActorRef<StatusReply<StandingOrderEntity.Summary>>,
                    StandingOrderEntity.Command> message) {
        return ClusterSharding.get(system).entityRefFor(StandingOrderEntity.TYPE_KEY, Long.toString(id))
                .<StatusReply<StandingOrderEntity.Summary>>ask(message, askTimeout)
                .handle((reply, err) -> {
                    if (err != null) {
                        throw new BackendUnavailableException("scheduler cluster did not answer: " + err.getMessage());
                    }
                    if (reply.isError()) {
                        String m = reply.getError().getMessage();
                        if (m.startsWith(StandingOrderEntity.UNKNOWN)) {
                            throw new NotFoundException("standing order " + id + " not found");
                        }
                        throw m.startsWith(StandingOrderEntity.NOT_ALLOWED)
                                ? new ForbiddenException(m.substring(StandingOrderEntity.NOT_ALLOWED.length()))
                                : new BackendRejectedException(m);
                    }
                    return view(reply.getValue());
                });
    }

    static io.gator.api.backend.StandingOrderView view(StandingOrderEntity.Summary s) {
        return new io.gator.api.backend.StandingOrderView(s.orderId(), s.name(), s.status(), s.postedById(),
                s.postedBy(), utc(s.createdAt()), s.runs().stream()
                .map(r -> new io.gator.api.backend.StandingOrderView.RunView(r.index(), r.actionId(),
                        utc(r.validFrom()), utc(r.expireAfter()), r.status())).toList());
    }

    private static io.gator.api.backend.StandingOrderView view(io.gator.persistence.standing.StandingOrderRow r) {
        return new io.gator.api.backend.StandingOrderView(r.id(), r.name(), r.status(), r.postedById(), r.postedBy(),
                r.createdAt(), r.runs().stream().map(x -> new io.gator.api.backend.StandingOrderView.RunView(
                        x.index(), x.actionId(), x.validFrom(), x.expireAfter(), x.status())).toList());
    }

    private static OffsetDateTime utc(java.time.Instant i) {
        return OffsetDateTime.ofInstant(i, java.time.ZoneOffset.UTC);
    }

    @Override
    public CompletionStage<DashboardStats> dashboard() {
        return io(() -> {
            // MIG's API shows the scheduler's latest statistics pass; before the first one, count now
            AgentStatsRepository.AgentStats st = agentStats.latest()
                    .orElseGet(() -> agentStats.compute(OffsetDateTime.now(clock), MIG_STATS_WINDOWS));
            List<Action> latest = actions.search(ActionSearch.all().withLimit(10));
            return new DashboardStats(st.onlineAgents(), versions(st.onlineAgentsByVersion()), st.onlineEndpoints(),
                    st.idleAgents(), versions(st.idleAgentsByVersion()), st.idleEndpoints(), st.newEndpoints(),
                    st.multiAgentsEndpoints(), st.disappearedEndpoints(), st.flappingEndpoints(), latest);
        });
    }

    private static List<DashboardStats.VersionCount> versions(java.util.Map<String, Integer> byVersion) {
        return AgentStatsRepository.AgentStats.sorted(byVersion).stream()
                .map(e -> new DashboardStats.VersionCount(e.getKey(), e.getValue())).toList();
    }

    @Override
    public CompletionStage<Void> heartbeat(HttpHeartbeat heartbeat) {
        return io(() -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            agents.upsertHeartbeats(List.of(heartbeat.toAgent(now)), now);
            return null;
        });
    }

    @Override
    public CompletionStage<List<Investigator>> activeInvestigators() {
        return io(investigators::active);
    }

    @Override
    public CompletionStage<Optional<Investigator>> investigatorByFingerprint(String fingerprint) {
        return io(() -> investigators.findByFingerprint(fingerprint));
    }

    @Override
    public CompletionStage<List<ApiKeyCredential>> apiKeyCredentials() {
        return io(() -> {
            List<ApiKeyCredential> out = new ArrayList<>();
            for (Investigator i : investigators.active()) {
                // "salt:hash" (base64) as stored before lookup tags, "tag:salt:hash" since
                investigators.apiKeyHash(i.id()).ifPresent(stored -> {
                    String[] parts = stored.split(":");
                    if (parts.length == 2 || parts.length == 3) {
                        int s = parts.length - 2;
                        out.add(new ApiKeyCredential(i, Base64.getDecoder().decode(parts[s + 1]),
                                Base64.getDecoder().decode(parts[s]), s == 0 ? "" : parts[0]));
                    }
                });
            }
            return out;
        });
    }

    @Override
    public CompletionStage<Void> tagApiKey(ApiKeyCredential verified, String lookup) {
        return io(() -> {
            String untagged = Base64.getEncoder().encodeToString(verified.salt()) + ":"
                    + Base64.getEncoder().encodeToString(verified.hash());
            long id = verified.investigator().id();
            if (investigators.apiKeyHash(id).filter(untagged::equals).isPresent()) {
                investigators.setApiKeyHash(id, lookup + ":" + untagged);
            }
            return null;
        });
    }

    @Override
    public CompletionStage<Investigator> createInvestigator(NewInvestigator n) {
        return io(() -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            try {
                return investigators.create(new Investigator(0, n.name(), n.pgpFingerprint(),
                        Base64.getEncoder().encodeToString(n.armoredPublicKey().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        "active", now, now, n.permissions()), Optional.empty());
            } catch (IllegalArgumentException e) {
                throw new BackendRejectedException(e.getMessage());
            }
        });
    }

    @Override
    public CompletionStage<Investigator> updateInvestigator(InvestigatorUpdate u) {
        return io(() -> {
            Investigator current = investigators.findById(u.id())
                    .orElseThrow(() -> new NotFoundException("investigator " + u.id() + " not found"));
            synchronized (adminChanges) {
                refuseRemovingLastAdmin(current, u);
                u.status().ifPresent(s -> investigators.setStatus(u.id(), s));
                u.permissions().ifPresent(p -> investigators.setPermissions(u.id(), p));
            }
            u.apiKey().ifPresent(change -> {
                if (change instanceof InvestigatorUpdate.ApiKeyChange.Set set) {
                    investigators.setApiKeyHash(u.id(), (set.lookup().isEmpty() ? "" : set.lookup() + ":")
                            + Base64.getEncoder().encodeToString(set.salt()) + ":"
                            + Base64.getEncoder().encodeToString(set.hash()));
                } else {
                    investigators.setApiKeyHash(u.id(), null);
                }
            });
            return investigators.findById(current.id()).orElseThrow();
        });
    }
}
