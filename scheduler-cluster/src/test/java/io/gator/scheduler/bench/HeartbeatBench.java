package io.gator.scheduler.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.core.agent.Agent;
import io.gator.core.agent.AgentEnv;
import io.gator.core.json.MigJson;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.relay.amqp.RabbitVhost;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.agent.AgentRepository;
import io.gator.persistence.schema.SchemaInit;
import io.gator.scheduler.SchedulerSettings;
import io.gator.scheduler.heartbeat.HeartbeatIntake;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.UniqueKillSwitch;

/**
 * Heartbeat ingest end to end: N MIG heartbeats (mig.Agent JSON as agents publish them) are put into
 * {@code mig.agt.heartbeats} of a throw-away vhost first, then the scheduler's {@link HeartbeatIntake}
 * (production settings from reference.conf) drains the queue into the {@code agents} table of a throw-away
 * database; prints heartbeats/s from the consumer's start until every row is written and the queue is empty.
 * Two rounds: new agents (inserts), then the same agents again (updates, the steady state).
 * Usage: {@code bin/bench-heartbeats [N]} (default 50,000).
 */
public final class HeartbeatBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        try (RabbitVhost vhost = new RabbitVhost(); TestDatabase tdb = TestDatabase.create()) {
            Database db = Database.open(tdb.settings());
            SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
            AmqpRelay relay = AmqpRelay.start(AmqpSettings.fromRoot(ConfigFactory.load()).withUri(vhost.uri())
                    .withConnectionName("bench-heartbeats"));
            relay.declareSchedulerTopology().toCompletableFuture().get(10, TimeUnit.SECONDS);
            ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "heartbeat-bench",
                    ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
            try {
                for (String round : List.of("insert", "update")) {
                    double rate = measure(system, relay, db, ConfigFactory.load(), n, "hb");
                    System.out.printf("HEARTBEATS round=%s heartbeats=%d rate=%.0f/s%n", round, n, rate);
                }
            } finally {
                system.terminate();
                relay.close();
                db.close();
            }
        }
        System.exit(0);
    }

    /** Loads the queue with {@code n} heartbeats, then times the intake draining them; returns heartbeats/s. */
    public static double measure(ActorSystem<?> system, AmqpRelay relay, Database db, Config config, int n,
                                 String prefix) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        AgentEnv env = AgentEnv.of("systemd", "Ubuntu 24.04", "linux", "amd64")
                .withAddresses(List.of("10.0.0.5/24", "fe80::1/64"), "192.0.2.7")
                .withModules(List.of("file", "memory", "netstat", "pkg"));
        List<CompletableFuture<?>> sent = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Agent a = Agent.of(prefix + "-host-" + i + ".example.net", "linux." + prefix + "-" + i).withMode("daemon")
                    .withProcess("20260101-0.bench", 1000 + i).withTimes(now, now, now).withEnvironment(env)
                    .withTags(Map.of("operator", "IT"));
            sent.add(relay.publish(OutgoingMessage.heartbeat(MigJson.writeBytes(a), Optional.of(Duration.ofMinutes(5))))
                    .toCompletableFuture());
            if (sent.size() % 5000 == 0) {
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        HeartbeatIntake intake = new HeartbeatIntake(new AgentRepository(db, 500), SchedulerSettings.from(config),
                Clock.systemUTC());
        long t0 = System.nanoTime();
        UniqueKillSwitch kill = intake.run(system, relay).first();
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
            while (intake.stats().stored() + intake.stats().rejected() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("heartbeat intake stored " + intake.stats() + " of " + n + " in 120 s");
                }
                Thread.sleep(5);
            }
            long t1 = System.nanoTime();
            if (intake.stats().rejected() != 0 || rows(db, "linux." + prefix + "-%") != n) {
                throw new IllegalStateException("expected " + n + " agents stored, got " + intake.stats());
            }
            return n / ((t1 - t0) / 1e9);
        } finally {
            kill.shutdown();
        }
    }

    static int rows(Database db, String like) throws Exception {
        try (Connection c = db.connection(); PreparedStatement ps =
                c.prepareStatement("SELECT COUNT(*) FROM agents WHERE queueloc LIKE ?")) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
