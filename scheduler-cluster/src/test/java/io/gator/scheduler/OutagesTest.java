package io.gator.scheduler;

import io.gator.persistence.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.gator.core.action.Counters;
import io.gator.relay.Relay;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.relay.amqp.RabbitVhost;
import io.gator.relay.local.LocalRelay;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.action.ActionReadRepository;
import io.gator.persistence.agent.AgentRepository;
import io.gator.persistence.schema.SchemaInit;
import io.gator.scheduler.action.ActionEntity;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A one-node scheduler cluster on the real PostgreSQL journal survives outages in the middle of an action
 * for 300 simulated agents: every RabbitMQ connection closed by the broker, and the database refusing
 * connections for 3 seconds. Each time the action completes with exact counters and the node stays up.
 */
class OutagesTest {
    static final int AGENTS = 300;
    TestDatabase tdb;
    Database db;
    ActorSystem<Void> agentsSystem;
    ActorSystem<Void> node;
    SimulatedAgents agents;
    final Map<Long, List<String>> publishes = CountingRelay.newLedger();

    @BeforeEach
    void setUp() {
        tdb = TestDatabase.create();
        db = Database.open(tdb.settings());
        SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
        agentsSystem = ActorSystem.create(Behaviors.empty(), "agents",
                ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (agents != null) {
                agents.close();
            }
            if (node != null) {
                node.terminate();
                node.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            }
            agentsSystem.terminate();
            agentsSystem.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } finally {
            db.close();
            tdb.close();
        }
    }

    void startNode(Relay relay, String prefix, Duration pace) throws Exception {
        agents.start(agentsSystem);
        agents.allowAll();
        new AgentRepository(db, 500).upsertHeartbeats(agents.heartbeats(), OffsetDateTime.now(ZoneOffset.UTC));
        int port = TestNodes.freePort();
        var config = TestNodes.config(tdb, port, port, 0, "");
        node = ActorSystem.create(SchedulerNode.create(new CountingRelay(relay, "node", publishes), db),
                ClusterConfig.systemName(config), config);
        TestNodes.awaitReady(node);
    }

    void assertNodeUp() {
        assertFalse(node.getWhenTerminated().toCompletableFuture().isDone(), "the node stopped");
        assertEquals(MemberStatus.up(), Cluster.get(node).selfMember().status());
    }

    @Test
    void rabbitMqConnectionsClosedMidActionLoseNothing() throws Exception {
        try (RabbitVhost vhost = new RabbitVhost()) {
            AmqpSettings s = AmqpSettings.fromRoot(ConfigFactory.load()).withUri(vhost.uri());
            AmqpRelay schedulerRelay = AmqpRelay.start(s.withConnectionName("outages-scheduler"));
            AmqpRelay agentRelay = AmqpRelay.start(s.withConnectionName("outages-agents"));
            try {
                schedulerRelay.declareSchedulerTopology().toCompletableFuture().get(10, TimeUnit.SECONDS);
                agents = new SimulatedAgents(agentRelay, "linux.rmq", AGENTS, Duration.ofMillis(12));
                startNode(schedulerRelay, "linux.rmq", Duration.ofMillis(8));
                long id = 990001;
                TestNodes.create(node, id, "queueloc LIKE 'linux.rmq-%'");
                TestNodes.await(node, id, Duration.ofSeconds(20), st -> st.counters().done() >= 20, "20 done");

                RabbitVhost.ctl("close_all_connections", "--vhost", vhost.name, "test");
                ActionEntity.Summary atClose = TestNodes.get(node, id);
                assertTrue(atClose != null && atClose.counters().done() < AGENTS,
                        () -> "the action was no longer in flight when the connections closed: " + atClose);

                ActionEntity.Summary done = TestNodes.await(node, id, Duration.ofSeconds(40),
                        st -> ActionEntity.COMPLETED.equals(st.status()), "completed after the broker outage");
                assertEquals(new Counters(AGENTS, AGENTS, 0, AGENTS, 0, 0, 0, 0), done.counters());
                assertTrue(schedulerRelay.connectCount() >= 2, "the scheduler reconnected");
                assertTrue(agentRelay.connectCount() >= 2, "the agents reconnected");
                assertEquals(AGENTS, publishes.size(), "every command confirmed");
                assertEquals(AGENTS, agents.deliveries.size(), "every agent got its command");
                System.out.printf("rabbitmq outage: done=%d at close, %d commands delivered twice%n",
                        atClose.counters().done(), agents.deliveredTwice().size());
                assertNodeUp();
            } finally {
                agents.close();
                if (node != null) {
                    node.terminate();
                    node.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
                }
                schedulerRelay.close();
                agentRelay.close();
            }
        }
    }

    @Test
    void postgresRefusingConnectionsForThreeSecondsMidActionLosesNothing() throws Exception {
        LocalRelay relay = new LocalRelay();
        relay.declareSchedulerTopology();
        agents = new SimulatedAgents(relay, "linux.pg", AGENTS, Duration.ofMillis(10));
        startNode(relay, "linux.pg", Duration.ofMillis(10));
        long id = 990002;
        TestNodes.create(node, id, "queueloc LIKE 'linux.pg-%'");
        TestNodes.await(node, id, Duration.ofSeconds(20), st -> st.counters().done() >= 50, "50 done");

        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement st = admin.createStatement()) {
            try {
                st.execute("ALTER DATABASE " + tdb.name + " ALLOW_CONNECTIONS false");
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + tdb.name
                        + "' AND pid <> pg_backend_pid()");
                Thread.sleep(3000);
                ActionEntity.Summary during = TestNodes.get(node, id);
                assertTrue(during == null || during.counters().done() < AGENTS, () -> "finished during the outage: " + during);
            } finally {
                st.execute("ALTER DATABASE " + tdb.name + " ALLOW_CONNECTIONS true");
            }
        }

        ActionEntity.Summary done = TestNodes.await(node, id, Duration.ofSeconds(45),
                s -> ActionEntity.COMPLETED.equals(s.status()), "completed after the database outage");
        assertEquals(new Counters(AGENTS, AGENTS, 0, AGENTS, 0, 0, 0, 0), done.counters());
        assertEquals(AGENTS, agents.deliveries.size(), "every agent got its command");
        assertNodeUp();

        // the read side catches up too (the projection restarts after the outage)
        ActionReadRepository actions = new ActionReadRepository(db);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (actions.find(id).map(a -> !a.status().equals(ActionEntity.COMPLETED)).orElse(true)) {
            assertTrue(System.nanoTime() < deadline, "read model never reached completed: " + actions.find(id));
            Thread.sleep(200);
        }
        assertEquals(done.counters(), actions.find(id).orElseThrow().counters());
        System.out.printf("postgres outage: %d commands delivered twice%n", agents.deliveredTwice().size());
        agents.close();
        node.terminate();
        node.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        relay.close();
    }
}
