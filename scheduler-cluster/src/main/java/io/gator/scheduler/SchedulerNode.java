package io.gator.scheduler;

import io.gator.relay.Relay;
import io.gator.persistence.Database;
import io.gator.persistence.PersistenceSettings;
import io.gator.persistence.agent.AgentKillRepository;
import io.gator.persistence.agent.AgentRepository;
import io.gator.persistence.agent.AgentStatsRepository;
import io.gator.persistence.schema.SchemaInit;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.AgentSelector;
import io.gator.scheduler.action.RepositoryAgentSelector;
import io.gator.scheduler.agents.ActionCreator;
import io.gator.scheduler.agents.AgentsSettings;
import io.gator.scheduler.agents.DuplicateAgentKiller;
import io.gator.scheduler.heartbeat.AgentStatusJob;
import io.gator.scheduler.key.KeyHolder;
import io.gator.scheduler.key.KeySettings;
import io.gator.scheduler.heartbeat.HeartbeatIntake;
import io.gator.scheduler.projection.ActionProjection;
import io.gator.scheduler.results.ResultRouter;
import io.gator.scheduler.results.ResultsConsumer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires a scheduler node (role {@code scheduler}) in a few lines, as the Pekko samples' Guardian does:
 * schema (when {@code gator.persistence.init-schema-on-start}), pekko-management (when
 * {@code gator.cluster.management.enabled}), action sharding, the agent status job, the read-side projection,
 * and, once the relay topology is declared (retried with backoff while the broker is unreachable), the
 * results and heartbeat consumers. The ActorSystem must have been created with
 * {@code PersistenceConfig.withPersistence(ClusterConfig.withCluster(config))} (or an equivalent config).
 * On CoordinatedShutdown the consumers stop taking messages before the node leaves the cluster.
 */
public final class SchedulerNode {
    private static final Logger log = LoggerFactory.getLogger(SchedulerNode.class);

    private SchedulerNode() {}

    /** The guardian with the production target resolution: the agents table through the target compiler. */
    public static Behavior<Void> create(Relay relay, Database db) {
        return Behaviors.setup(ctx -> {
            PersistenceSettings ps = PersistenceSettings.from(ctx.getSystem().settings().config());
            AgentSelector selector = RepositoryAgentSelector.compiling(new AgentRepository(db, ps.batchSize()),
                    db.dialect(), Clock.systemUTC(),
                    ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking()));
            return create(relay, db, selector);
        });
    }

    /** The guardian behavior; {@code db} is the read-side pool, {@code selector} resolves targets. */
    public static Behavior<Void> create(Relay relay, Database db, AgentSelector selector) {
        return Behaviors.setup(ctx -> {
            ActorSystem<Void> system = ctx.getSystem();
            SchedulerSettings settings = SchedulerSettings.from(system.settings().config());
            PersistenceSettings ps = PersistenceSettings.from(system.settings().config());
            if (ps.initSchemaOnStart()) {
                SchemaInit.apply(db.dataSource(), db.dialect());
            }
            if (ClusterConfig.managementEnabled(system.settings().config())) {
                PekkoManagement.get(system).start().whenComplete((uri, err) -> {
                    if (err != null) {
                        log.error("pekko-management did not start: {}", err.toString());
                    } else {
                        log.info("cluster management HTTP at {}", uri);
                    }
                });
            }
            ActionEntity.initSharding(system, relay, selector, settings);
            io.gator.scheduler.standing.StandingSettings standing =
                    io.gator.scheduler.standing.StandingSettings.from(system.settings().config());
            io.gator.scheduler.sink.SinkSettings sinks =
                    io.gator.scheduler.sink.SinkSettings.from(system.settings().config());
            io.gator.scheduler.standing.StandingOrderEntity.initSharding(system,
                    io.gator.scheduler.standing.RunLauncher.sharded(system, standing.askTimeout()),
                    io.gator.scheduler.standing.SinkStarter.sharded(system, sinks, standing.askTimeout()), standing);
            io.gator.scheduler.sink.SinkDeliveryEntity.initSharding(system,
                    new io.gator.scheduler.sink.JournalResultSource(system, sinks.readJournal()), sinks);
            AgentRepository agents = new AgentRepository(db, ps.batchSize());
            ctx.spawn(AgentStatusJob.create(agents, settings, Clock.systemUTC(), agentExtras(system, db, agents,
                    settings)), "agent-status");
            ActionProjection.init(system, db, settings);
            io.gator.scheduler.projection.StandingOrderProjection.init(system, db, standing);

            List<UniqueKillSwitch> consumers = new CopyOnWriteArrayList<>();
            CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "gator-stop-consumers",
                    () -> {
                        // unacked messages go back to the broker; another node takes them
                        consumers.forEach(UniqueKillSwitch::shutdown);
                        return CompletableFuture.completedFuture(Done.getInstance());
                    });
            // consumers only once the queues exist: consuming a missing queue fails the stream
            declareTopology(system, relay, settings).thenRun(() -> {
                if (system.getWhenTerminated().toCompletableFuture().isDone()) {
                    return;
                }
                consumers.add(new ResultsConsumer(ResultRouter.sharded(system, settings.resultsAskTimeout()), settings)
                        .run(system, relay).first());
                consumers.add(new HeartbeatIntake(agents, settings, Clock.systemUTC(),
                        io.gator.scheduler.action.LateReach.get(system)::agentsSeen).run(system, relay).first());
                log.info("relay topology declared; consuming results and heartbeats");
            });
            return Behaviors.empty();
        });
    }

    /**
     * Statistics and duplicate agent handling for the status job; starts loading (at the very first start of
     * the first node: generating) the scheduler's signing key, which the kill orders need.
     */
    private static AgentStatusJob.Extras agentExtras(ActorSystem<Void> system, Database db, AgentRepository agents,
                                                     SchedulerSettings settings) {
        var config = system.settings().config();
        AgentsSettings as = AgentsSettings.from(config);
        var blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        KeyHolder key = new KeyHolder(db, KeySettings.from(config), Clock.systemUTC(), blocking);
        key.loaded();
        DuplicateAgentKiller killer = new DuplicateAgentKiller(new AgentKillRepository(db, agents), key::signer,
                ActionCreator.sharded(system, settings.askTimeout()), as, Clock.systemUTC(), blocking);
        return new AgentStatusJob.Extras(Optional.of(new AgentStatsRepository(db)), as, Optional.of(killer));
    }

    /**
     * Declares the scheduler topology, retrying with exponential backoff ({@code topology-retry-min} up to
     * {@code topology-retry-max}) until it succeeds or the system stops.
     */
    static CompletionStage<Done> declareTopology(ActorSystem<?> system, Relay relay, SchedulerSettings settings) {
        return Patterns.retry(() -> relay.declareSchedulerTopology().whenComplete((d, err) -> {
                    if (err != null) {
                        log.warn("declaring the relay topology failed ({}); retrying with backoff", err.toString());
                    }
                }), (d, err) -> err != null && !system.getWhenTerminated().toCompletableFuture().isDone(),
                Integer.MAX_VALUE, settings.topologyRetryMin(), settings.topologyRetryMax(), 0.2, system);
    }
}
