package io.gator.scheduler;

import io.gator.core.relay.Relay;
import io.gator.persistence.Database;
import io.gator.persistence.PersistenceSettings;
import io.gator.persistence.agent.AgentRepository;
import io.gator.persistence.schema.SchemaInit;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.AgentSelector;
import io.gator.scheduler.heartbeat.AgentStatusJob;
import io.gator.scheduler.heartbeat.HeartbeatIntake;
import io.gator.scheduler.projection.ActionProjection;
import io.gator.scheduler.results.ResultRouter;
import io.gator.scheduler.results.ResultsConsumer;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Wires a scheduler node (role {@code scheduler}) in a few lines, as the Pekko samples' Guardian does:
 * schema (when {@code gator.persistence.init-schema-on-start}), action sharding, the results and heartbeat
 * consumers, the agent status job and the read-side projection. The ActorSystem must have been created with
 * {@code PersistenceConfig.withPersistence(config)}.
 */
public final class SchedulerNode {
    private SchedulerNode() {}

    /** The guardian behavior; {@code db} is the read-side pool, {@code selector} resolves targets. */
    public static Behavior<Void> create(Relay relay, Database db, AgentSelector selector) {
        return Behaviors.setup(ctx -> {
            ActorSystem<Void> system = ctx.getSystem();
            SchedulerSettings settings = SchedulerSettings.from(system.settings().config());
            PersistenceSettings ps = PersistenceSettings.from(system.settings().config());
            if (ps.initSchemaOnStart()) {
                SchemaInit.apply(db.dataSource(), db.dialect());
            }
            relay.declareSchedulerTopology();
            ActionEntity.initSharding(system, relay, selector, settings);
            new ResultsConsumer(ResultRouter.sharded(system, settings.resultsAskTimeout()), settings).run(system, relay);
            AgentRepository agents = new AgentRepository(db, ps.batchSize());
            new HeartbeatIntake(agents, settings, Clock.systemUTC()).run(system, relay);
            ctx.spawn(AgentStatusJob.create(agents, settings, Clock.systemUTC()), "agent-status");
            ActionProjection.init(system, db, settings);
            return Behaviors.empty();
        });
    }
}
