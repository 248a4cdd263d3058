package io.gator.scheduler.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.core.agent.Agent;
import io.gator.core.agent.AgentEnv;
import io.gator.core.json.MigJson;
import io.gator.relay.IncomingMessage;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.relay.amqp.RabbitVhost;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.agent.AgentRepository;
import io.gator.persistence.schema.SchemaInit;
import io.gator.scheduler.FakeMessage;
import io.gator.scheduler.SchedulerSettings;
import io.gator.persistence.TestDatabase;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Heartbeat intake and the status job against the real PostgreSQL. */
class HeartbeatIntakePostgresTest {
    static TestDatabase tdb;
    static Database db;
    static ActorTestKit kit;
    static SchedulerSettings settings;

    @BeforeAll
    static void setUp() {
        tdb = TestDatabase.create();
        db = Database.open(tdb.settings());
        SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
        Config config = ConfigFactory.parseString("gator.scheduler.heartbeats.status-interval = 100ms")
                .withFallback(ConfigFactory.load());
        kit = ActorTestKit.create("HeartbeatIntakePostgresTest", config);
        settings = SchedulerSettings.from(config);
    }

    @AfterAll
    static void tearDown() {
        kit.shutdownTestKit();
        db.close();
        tdb.close();
    }

    static Agent beat(String name, String queue, String mode, OffsetDateTime at) {
        return Agent.of(name, queue).withMode(mode).withProcess("20260101-0.abc.prod", 4242).withTimes(at, at, at)
                .withEnvironment(AgentEnv.of("systemd", "Ubuntu", "linux", "amd64")
                        .withAddresses(List.of("10.0.0.5/24"), "1.2.3.4").withModules(List.of("file")))
                .withTags(Map.of("operator", "IT"));
    }

    @Test
    void heartbeatsAreStoredInBatchesAndBadOnesAreAckedAsRejected() throws Exception {
        AgentRepository repo = new AgentRepository(db, 500);
        // late reach hears of every stored heartbeat, and of no refused one
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
        HeartbeatIntake intake = new HeartbeatIntake(repo, settings, Clock.systemUTC(), q -> {
            seen.addAll(q);
            told.addAndGet(q.size());
        });
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int n = 5000;
        List<FakeMessage> msgs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            msgs.add(new FakeMessage("mig.agt.heartbeats", MigJson.writeBytes(beat("host" + i, "linux.host" + i, "daemon", now))));
        }
        FakeMessage badMode = new FakeMessage("mig.agt.heartbeats", MigJson.writeBytes(beat("evil", "linux.evil", "root", now)));
        FakeMessage badQueue = new FakeMessage("mig.agt.heartbeats",
                MigJson.writeBytes(beat("evil2", "linux.x'; DROP TABLE agents; --", "daemon", now)));
        FakeMessage stale = new FakeMessage("mig.agt.heartbeats",
                MigJson.writeBytes(beat("old", "linux.old", "daemon", now.minusHours(2))));
        FakeMessage garbage = new FakeMessage("mig.agt.heartbeats", "{{{not json");
        msgs.addAll(List.of(badMode, badQueue, stale, garbage));
        long t0 = System.nanoTime();
        intake.process(kit.system(), Source.from(new ArrayList<IncomingMessage>(msgs)))
                .runWith(Sink.ignore(), kit.system()).toCompletableFuture().get(60, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("heartbeat intake: %d heartbeats in %d ms (%.0f/s)%n", n, ms, n * 1000.0 / Math.max(1, ms));
        assertEquals(new HeartbeatIntake.Stats(n, 4, 0), intake.stats());
        assertTrue(msgs.stream().allMatch(m -> m.acks.get() == 1));
        assertEquals(n, repo.countByStatus().get("online"));
        Agent stored = repo.findByQueueLoc("linux.host17").orElseThrow();
        assertEquals("host17", stored.name());
        assertEquals("IT", stored.tags().get("operator"));
        assertTrue(repo.findByQueueLoc("linux.evil").isEmpty());
        assertEquals(n, told.get());
        assertEquals(n, seen.size());
        assertTrue(seen.contains("linux.host17") && !seen.contains("linux.evil") && !seen.contains("linux.old"));
    }

    @Test
    void statusJobMovesQuietAgentsToIdleAndOffline() throws Exception {
        AgentRepository repo = new AgentRepository(db, 500);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        repo.upsertHeartbeats(List.of(beat("quiet", "job.quiet", "daemon", now.minusMinutes(10)),
                beat("gone", "job.gone", "daemon", now.minusMinutes(40))), now);
        var job = kit.spawn(AgentStatusJob.create(repo, settings, Clock.systemUTC()), "status-job");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!"offline".equals(repo.findByQueueLoc("job.gone").orElseThrow().status())) {
            assertTrue(System.currentTimeMillis() < deadline, "status job never ran");
            Thread.sleep(50);
        }
        assertEquals("idle", repo.findByQueueLoc("job.quiet").orElseThrow().status());
        kit.stop(job);
    }

    /**
     * Through the real RabbitMQ: heartbeats with a NUL in the name or a tag key, dated in the future, with an
     * impossible pid, or refused by the database for a reason no check foresaw, are each refused alone (acked,
     * counted, never requeued), and the genuine heartbeats sharing their batches are stored.
     */
    @Test
    void poisonHeartbeatsAreRefusedAloneAndTheirBatchesGenuineHeartbeatsAreStored() throws Exception {
        try (TestDatabase own = TestDatabase.create(); Database d = Database.open(own.settings());
             RabbitVhost vhost = new RabbitVhost()) {
            SchemaInit.apply(d.dataSource(), Dialect.POSTGRES);
            try (java.sql.Connection c = d.connection(); java.sql.Statement st = c.createStatement()) {
                // stands for any refusal the checks did not foresee
                st.execute("ALTER TABLE agents ADD CONSTRAINT unforeseen CHECK (name <> 'refused-by-db')");
            }
            AgentRepository repo = new AgentRepository(d, 500);
            HeartbeatIntake intake = new HeartbeatIntake(repo, settings, Clock.systemUTC());
            AmqpRelay relay = AmqpRelay.start(AmqpSettings.fromRoot(ConfigFactory.load()).withUri(vhost.uri())
                    .withConnectionName("poison-heartbeats"));
            try {
                relay.declareSchedulerTopology().toCompletableFuture().get(10, TimeUnit.SECONDS);
                var running = intake.run(kit.system(), relay);
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                List<Agent> poison = List.of(beat("nul\0name", "linux.p1", "daemon", now),
                        Agent.of("tagged", "linux.p2").withMode("daemon").withProcess("1", 10).withTimes(now, now, now)
                                .withTags(Map.of("k\0", "v")),
                        beat("future", "linux.p3", "daemon", now.plusDays(1)),
                        Agent.of("bigpid", "linux.p4").withMode("daemon").withProcess("1", 1L << 40)
                                .withTimes(now, now, now),
                        beat("refused-by-db", "linux.p5", "daemon", now));
                int genuine = 50;
                for (int i = 0; i < genuine; i++) {
                    publish(relay, beat("real" + i, "linux.real" + i, "daemon", now));
                    if (i % 10 == 0) {
                        publish(relay, poison.get(i / 10));
                    }
                    if (i == 25) { // a lone surrogate, which the driver would store as '?'
                        String lone = new String(MigJson.writeBytes(beat("lone", "linux.p6", "daemon", now)),
                                java.nio.charset.StandardCharsets.UTF_8).replace("\"lone\"", "\"lone\\ud800\"");
                        relay.publish(OutgoingMessage.heartbeat(lone.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                Optional.empty())).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    }
                }
                int refused = poison.size() + 1;
                long deadline = System.currentTimeMillis() + 20_000;
                while (intake.stats().stored() < genuine || intake.stats().rejected() < refused) {
                    assertTrue(System.currentTimeMillis() < deadline, "intake stuck at " + intake.stats());
                    Thread.sleep(50);
                }
                Thread.sleep(1000); // nothing comes back: no poison was requeued
                assertEquals(new HeartbeatIntake.Stats(genuine, refused, 0), intake.stats());
                assertTrue(repo.findByQueueLoc("linux.p6").isEmpty());
                assertEquals(genuine, repo.countByStatus().get("online"));
                assertTrue(repo.findByQueueLoc("linux.p5").isEmpty());
                running.first().shutdown();
            } finally {
                relay.close();
            }
        }
    }

    @Test
    void nulIsFoundRawOrEscapedButAnEscapedBackslashBeforeU0000IsNoNul() {
        assertTrue(HeartbeatIntake.containsNul(MigJson.writeBytes(Map.of("name", "a\0"))));
        assertTrue(HeartbeatIntake.containsNul(new byte[] {'{', 0, '}'}));
        org.junit.jupiter.api.Assertions.assertFalse(HeartbeatIntake.containsNul(
                "{\"name\":\"a\\\\u0000\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static void publish(AmqpRelay relay, Agent hb) throws Exception {
        relay.publish(OutgoingMessage.heartbeat(MigJson.writeBytes(hb), Optional.empty()))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
