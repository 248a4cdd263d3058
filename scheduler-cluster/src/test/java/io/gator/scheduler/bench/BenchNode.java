package io.gator.scheduler.bench;

import com.typesafe.config.ConfigFactory;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.schema.SchemaInit;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.relay.amqp.RabbitVhost;
import io.gator.scheduler.ClusterConfig;
import io.gator.scheduler.SchedulerNode;
import io.gator.scheduler.TestNodes;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * One scheduler node on a throw-away RabbitMQ vhost and PostgreSQL database, with an {@link AnsweringFleet} on its
 * own connection: what the scheduler benches share.
 */
final class BenchNode implements AutoCloseable {
    final Database db;
    final AmqpRelay schedulerRelay;
    final AmqpRelay agentRelay;
    final AnsweringFleet fleet;
    final ActorSystem<Void> node;

    /** {@code extraConfig}: HOCON over the test node's config. */
    BenchNode(RabbitVhost vhost, TestDatabase tdb, String extraConfig) throws Exception {
        db = Database.open(tdb.settings());
        SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
        AmqpSettings s = AmqpSettings.fromRoot(ConfigFactory.load()).withUri(vhost.uri());
        schedulerRelay = AmqpRelay.start(s.withConnectionName("bench-scheduler"));
        agentRelay = AmqpRelay.start(s.withConnectionName("bench-agents"));
        schedulerRelay.declareSchedulerTopology().toCompletableFuture().get(10, TimeUnit.SECONDS);
        fleet = new AnsweringFleet(vhost, agentRelay);
        int port = TestNodes.freePort();
        var config = TestNodes.config(tdb, port, port, 0, extraConfig);
        node = ActorSystem.create(SchedulerNode.create(schedulerRelay, db), ClusterConfig.systemName(config), config);
        TestNodes.awaitReady(node);
    }

    /** {@code n} answering agents named {@code prefix-N}, registered online. */
    void agents(String prefix, int n) throws Exception {
        fleet.add(db, prefix, n, agentRelay);
    }

    @Override
    public void close() throws Exception {
        try {
            node.terminate();
            node.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            fleet.close();
        } finally {
            schedulerRelay.close();
            agentRelay.close();
            db.close();
        }
    }
}
