package io.gator.platform.role;

import com.typesafe.config.Config;
import io.gator.agent.AgentLauncher;
import io.gator.api.action.ActionChecks;
import io.gator.api.auth.InvestigatorAuthenticator;
import io.gator.api.cluster.ClusterBackend;
import io.gator.api.crypto.InvestigatorKeyring;
import io.gator.api.crypto.PgpActionSignatureVerifier;
import io.gator.api.crypto.PgpTokenVerifier;
import io.gator.api.crypto.TargetGrammarValidator;
import io.gator.api.http.ApiServer;
import io.gator.api.http.ApiSettings;
import io.gator.core.module.InvalidParametersException;
import io.gator.core.module.ModuleDefinitions;
import io.gator.relay.Relay;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.core.target.SqlDialect;
import io.gator.core.target.SqlWhere;
import io.gator.core.target.Target;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceConfig;
import io.gator.persistence.PersistenceSettings;
import io.gator.persistence.agent.AgentRepository;
import io.gator.persistence.schema.SchemaInit;
import io.gator.scheduler.SchedulerNode;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.RepositoryAgentSelector;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.ServerBinding;

/** Builds the server-side roles from configuration; the launcher and the standalone mode share it. */
public final class Nodes {
    private Nodes() {}

    /** A started scheduler and/or API node. */
    public record Server(ActorSystem<Void> system, Database db, Optional<Relay> relay, Optional<ServerBinding> api,
                         ExecutorService selectorThreads) implements AutoCloseable {
        @Override
        public void close() {
            api.ifPresent(b -> b.unbind());
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                // best effort on the way out
            }
            relay.ifPresent(Relay::close);
            db.close();
            selectorThreads.shutdownNow();
        }
    }

    /** Applies the schema (idempotent). */
    public static void initSchema(Config config) {
        PersistenceSettings ps = PersistenceSettings.from(PersistenceConfig.withPersistence(config));
        try (Database db = Database.open(ps)) {
            SchemaInit.apply(db.dataSource(), db.dialect());
        }
    }

    /**
     * Starts one node with the roles in {@code pekko.cluster.roles}: "scheduler" runs actions and the
     * intakes, "api" serves MIG's API (reaching actions through sharding). Without seed nodes the node
     * joins itself (a one-node cluster).
     */
    public static Server start(Config raw, Relay relay, Clock clock) {
        Server server = start(raw, () -> relay, clock);
        if (server.relay().isEmpty()) {
            relay.close(); // handed over but unused on an API-only node
        }
        return server;
    }

    /**
     * As {@link #start(Config, Relay, Clock)}, opening the relay only on a node with the scheduler role: an
     * API-only node reaches actions through sharding and never talks to RabbitMQ.
     */
    public static Server start(Config raw, java.util.function.Supplier<? extends Relay> relays, Clock clock) {
        Config config = PersistenceConfig.withPersistence(raw);
        PersistenceSettings ps = PersistenceSettings.from(config);
        Database db = Database.open(ps);
        if (ps.initSchemaOnStart()) {
            // before anything (the API, an operator command) touches the tables; the scheduler's own pass is a no-op
            SchemaInit.apply(db.dataSource(), db.dialect());
        }
        Set<String> roles = new HashSet<>(config.getStringList("pekko.cluster.roles"));
        ExecutorService selectorThreads = Executors.newFixedThreadPool(2);
        SqlDialect dialect = db.dialect() == Dialect.H2 ? SqlDialect.H2 : SqlDialect.POSTGRESQL;
        RepositoryAgentSelector selector = new RepositoryAgentSelector(new AgentRepository(db, ps.batchSize()),
                target -> {
                    SqlWhere w = Target.parse(target).toSql(dialect, clock);
                    return new RepositoryAgentSelector.Where(w.sql(), w.params());
                }, selectorThreads);
        Optional<Relay> relay = roles.contains("scheduler") ? Optional.of(relays.get()) : Optional.empty();
        ActorSystem<Void> system = ActorSystem.create(relay.isPresent()
                ? SchedulerNode.create(relay.get(), db, selector) : Behaviors.empty(), "gator", config);
        if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
            Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }
        Optional<ServerBinding> binding = Optional.empty();
        if (roles.contains("api")) {
            if (!roles.contains("scheduler")) {
                // a proxy: this node never hosts actions, it only reaches them
                ClusterSharding.get(system).init(Entity.of(ActionEntity.TYPE_KEY, ctx -> Behaviors.empty())
                        .withRole("scheduler"));
                io.gator.scheduler.standing.StandingOrderEntity.initProxy(system);
                io.gator.scheduler.sink.SinkDeliveryEntity.initProxy(system);
            }
            binding = Optional.of(startApi(system, config, db, ps, clock));
        }
        return new Server(system, db, relay, binding, selectorThreads);
    }

    static ServerBinding startApi(ActorSystem<Void> system, Config config, Database db, PersistenceSettings ps,
                                  Clock clock) {
        ApiSettings settings = ApiSettings.fromConfig(config);
        ClusterBackend backend = new ClusterBackend(system, db, ps.batchSize(), clock, Duration.ofSeconds(10));
        InvestigatorKeyring keys = new InvestigatorKeyring(backend, clock, Duration.ofSeconds(10));
        ActionChecks checks = new ActionChecks(clock, settings.knownModules(), (module, params) -> {
            try {
                ModuleDefinitions.find(module).ifPresent(d -> d.parse(params));
                return Optional.empty();
            } catch (InvalidParametersException e) {
                return Optional.of(e.getMessage());
            }
        }, new TargetGrammarValidator(), new PgpActionSignatureVerifier(), settings.actionLimits());
        PgpTokenVerifier tokens = new PgpTokenVerifier(keys, clock, settings.tokenDuration(),
                config.getInt("gator.core.auth.nonce-cache-max-entries"));
        ApiServer server = new ApiServer(system, settings, backend, new InvestigatorAuthenticator(backend, tokens),
                checks, clock, io.gator.api.cosign.CosignSettings.fromConfig(config),
                new io.gator.api.cosign.JdbcPendingStore(db), Optional.of(new io.gator.api.loader.LoaderStore(db)));
        try {
            return server.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("API could not bind " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The AMQP relay from {@code gator.relay.amqp}. */
    public static AmqpRelay relay(Config config, String connectionName) {
        return AmqpRelay.start(AmqpSettings.fromRoot(config).withConnectionName(connectionName));
    }

    /** Starts an agent on its own relay connection. */
    public static AgentLauncher.Running agent(Config config, Clock clock) {
        return AgentLauncher.start(config, relay(config, "gator-agent"), clock);
    }
}
