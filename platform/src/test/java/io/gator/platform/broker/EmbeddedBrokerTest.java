package io.gator.platform.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.typesafe.config.ConfigFactory;
import io.gator.relay.MigTopology;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {

    private static final int MESSAGES = 1_000;
    private static final int CONFIRM_BATCH = 100;

    @Test
    void servesMigTopologyWithConfirmsToPlainAmqpClientAndStartsAgainInTheSameJvm() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(BrokerSettings.inMemory());
        try {
            assertTrue(broker.port() > 0, "an ephemeral port is reported");
            assertNotEquals(BrokerSettings.RABBITMQ_DIST_PORT, broker.port());
            try (Connection conn = connect(broker); Channel ch = conn.createChannel()) {
                declareSchedulerTopology(ch);
                ch.confirmSelect();
                ch.basicQos(CONFIRM_BATCH);
                // Round 1 runs on a cold JIT; round 2 shows the broker's steady pace.
                for (int round = 1; round <= 2; round++) {
                    double[] rates = publishAndConsumeAll(ch);
                    System.out.printf("QPID-FIGURES round %d (%d msgs): start=%d ms publish+confirm(per %d)=%.0f msg/s"
                                    + " consume+ack=%.0f msg/s%n", round, MESSAGES, broker.startupTime().toMillis(),
                            CONFIRM_BATCH, rates[0], rates[1]);
                }
            }
        } finally {
            broker.close();
        }
        assertFalse(broker.isRunning());
        assertThrows(IOException.class, () -> connect(broker).close(), "stopped broker refuses connections");

        EmbeddedBroker again = EmbeddedBroker.start(BrokerSettings.inMemory());
        try (Connection conn = connect(again); Channel ch = conn.createChannel()) {
            System.out.printf("QPID-FIGURES second start=%d ms%n", again.startupTime().toMillis());
            declareSchedulerTopology(ch);
            assertEquals(0, ch.queueDeclarePassive(MigTopology.RESULTS).getMessageCount(), "in memory: a fresh broker");
            ch.confirmSelect();
            ch.basicPublish(MigTopology.TO_SCHEDULERS, MigTopology.RESULTS, true, migProperties(), "{}".getBytes());
            ch.waitForConfirmsOrDie(5_000);
            GetResponse got = ch.basicGet(MigTopology.RESULTS, true);
            assertNotNull(got);
            assertEquals("{}", new String(got.getBody(), StandardCharsets.UTF_8));
        } finally {
            again.close();
        }
    }

    @Test
    void relativeExpirationAsMigSendsItIsNeverDeliveredButAbsoluteOrNoneIs() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(BrokerSettings.inMemory());
             Connection conn = connect(broker); Channel ch = conn.createChannel()) {
            assertTrue(broker.expirationIsAbsolute());
            declareSchedulerTopology(ch);
            ch.confirmSelect();
            publish(ch, "relative", "300000");
            assertNull(ch.basicGet(MigTopology.RESULTS, true),
                    "Qpid reads MIG's relative TTL as an epoch time in 1970: expired on arrival");
            publish(ch, "absolute", Long.toString(System.currentTimeMillis() + 300_000));
            assertEquals("absolute", body(ch.basicGet(MigTopology.RESULTS, true)));
            publish(ch, "none", null);
            assertEquals("none", body(ch.basicGet(MigTopology.RESULTS, true)));
        }
    }

    @Test
    void withADataDirTheTopologySurvivesARestartButMessagesDoNot(@TempDir Path dir) throws Exception {
        BrokerSettings settings = BrokerSettings.inMemory().withDataDir(dir);
        try (EmbeddedBroker broker = EmbeddedBroker.start(settings);
             Connection conn = connect(broker); Channel ch = conn.createChannel()) {
            declareSchedulerTopology(ch);
            ch.confirmSelect();
            publish(ch, "kept?", null);
        }
        try (var list = Files.walk(dir.resolve("qpid"))) {
            assertTrue(list.noneMatch(p -> p.getFileName().toString().startsWith("initial-config")),
                    "the initial config (it holds the password) is deleted after start-up");
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(settings);
             Connection conn = connect(broker); Channel ch = conn.createChannel()) {
            assertEquals(0, ch.queueDeclarePassive(MigTopology.RESULTS).getMessageCount(),
                    "queue recovered from the data dir, its messages were only in memory");
            ch.exchangeDeclarePassive(MigTopology.TO_AGENTS);
            ch.confirmSelect();
            publish(ch, "routed", null);
            assertEquals("routed", body(ch.basicGet(MigTopology.RESULTS, true)), "binding recovered too");
        }
    }

    @Test
    void refusesAWrongPassword() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(BrokerSettings.inMemory())) {
            ConnectionFactory f = factory(broker);
            f.setPassword(broker.password() + "x");
            assertAuthenticationFailed(assertThrows(IOException.class, () -> f.newConnection().close()));
            f.setUsername("guest");
            f.setPassword("guest");
            assertAuthenticationFailed(assertThrows(IOException.class, () -> f.newConnection().close()));
            f.setUsername(broker.user());
            f.setPassword(broker.password());
            f.newConnection().close();
        }
    }

    @Test
    void aFixedPortInUseFailsWithAnErrorNamingItAndLeavesNothingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            BrokerSettings settings = new BrokerSettings("127.0.0.1", taken.getLocalPort(), "mig",
                    java.util.Optional.empty(), "gator");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> EmbeddedBroker.start(settings));
            assertTrue(e.getMessage().contains(Integer.toString(taken.getLocalPort())), e.getMessage());
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(BrokerSettings.inMemory());
             Connection conn = connect(broker)) {
            assertTrue(conn.isOpen(), "a broker starts after a failed start");
        }
    }

    @Test
    void settingsRejectRabbitDistPortNonLoopbackHostsAndBadNames() {
        var empty = java.util.Optional.<Path>empty();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new BrokerSettings("127.0.0.1", 25672, "mig", empty, "gator")).getMessage().contains("25672"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new BrokerSettings("0.0.0.0", 0, "mig", empty, "gator")).getMessage().contains("loopback"));
        assertThrows(IllegalArgumentException.class, () -> new BrokerSettings("example.net", 0, "mig", empty, "gator"));
        assertThrows(IllegalArgumentException.class, () -> new BrokerSettings("127.0.0.1", 70000, "mig", empty, "gator"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new BrokerSettings("127.0.0.1", 0, "m/g", empty, "gator")).getMessage().contains("vhost"));
        assertThrows(IllegalArgumentException.class, () -> new BrokerSettings("127.0.0.1", 0, "mig", empty, ""));
        assertEquals("::1", new BrokerSettings("::1", 0, "mig", empty, "gator").host());
    }

    @Test
    void settingsComeFromReferenceConf() {
        BrokerSettings s = BrokerSettings.fromConfig(ConfigFactory.load());
        assertEquals(BrokerSettings.inMemory(), s);
        BrokerSettings withDir = BrokerSettings.fromConfig(
                ConfigFactory.parseString("gator.platform.broker { data-dir = \"data/broker\", port = 5673 }")
                        .withFallback(ConfigFactory.load()));
        assertEquals(Path.of("data/broker"), withDir.dataDir().orElseThrow());
        assertEquals(5673, withDir.port());
    }

    /** Publishes {@link #MESSAGES} with confirms per batch, consumes and acks them all; returns both rates in msg/s. */
    private static double[] publishAndConsumeAll(Channel ch) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < MESSAGES; i++) {
            ch.basicPublish(MigTopology.TO_SCHEDULERS, MigTopology.RESULTS, true, migProperties(),
                    ("{\"id\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            if ((i + 1) % CONFIRM_BATCH == 0) {
                ch.waitForConfirmsOrDie(5_000);
            }
        }
        long publishNanos = System.nanoTime() - t0;
        assertEquals(MESSAGES, ch.queueDeclarePassive(MigTopology.RESULTS).getMessageCount());

        Set<String> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(MESSAGES);
        long t1 = System.nanoTime();
        String tag = ch.basicConsume(MigTopology.RESULTS, false, (consumerTag, delivery) -> {
            seen.add(new String(delivery.getBody(), StandardCharsets.UTF_8));
            ch.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
            all.countDown();
        }, consumerTag -> { });
        assertTrue(all.await(20, TimeUnit.SECONDS), "all messages consumed, missing " + all.getCount());
        long consumeNanos = System.nanoTime() - t1;
        ch.basicCancel(tag);
        assertEquals(MESSAGES, seen.size(), "every message exactly once");
        assertEquals(0, ch.queueDeclarePassive(MigTopology.RESULTS).getMessageCount(), "all acked");
        return new double[] {MESSAGES / (publishNanos / 1e9), MESSAGES / (consumeNanos / 1e9)};
    }

    private static void declareSchedulerTopology(Channel ch) throws IOException {
        ch.exchangeDeclare(MigTopology.TO_AGENTS, BuiltinExchangeType.DIRECT, true, false, false, null);
        ch.exchangeDeclare(MigTopology.TO_SCHEDULERS, BuiltinExchangeType.DIRECT, true, false, false, null);
        ch.queueDeclare(MigTopology.RESULTS, true, false, false, null);
        ch.queueBind(MigTopology.RESULTS, MigTopology.TO_SCHEDULERS, MigTopology.RESULTS);
    }

    private static void publish(Channel ch, String body, String expiration) throws Exception {
        AMQP.BasicProperties props = migProperties().builder().expiration(expiration).build();
        ch.basicPublish(MigTopology.TO_SCHEDULERS, MigTopology.RESULTS, true, props,
                body.getBytes(StandardCharsets.UTF_8));
        ch.waitForConfirmsOrDie(5_000);
    }

    /** Qpid closes with 530 "Authentication failed"; amqp-client wraps it as a possible authentication failure. */
    private static void assertAuthenticationFailed(IOException e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(t).append(" / ");
        }
        assertTrue(chain.toString().contains("Authentication failed"), chain.toString());
    }

    private static String body(GetResponse r) {
        assertNotNull(r, "a message is delivered");
        return new String(r.getBody(), StandardCharsets.UTF_8);
    }

    private static AMQP.BasicProperties migProperties() {
        return new AMQP.BasicProperties.Builder().contentType(MigTopology.CONTENT_TYPE).deliveryMode(2)
                .timestamp(new java.util.Date()).build();
    }

    private static ConnectionFactory factory(EmbeddedBroker broker) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(broker.amqpUri());
        f.setAutomaticRecoveryEnabled(false);
        f.setConnectionTimeout(5_000);
        return f;
    }

    private static Connection connect(EmbeddedBroker broker) throws Exception {
        return factory(broker).newConnection("gator-test");
    }
}
