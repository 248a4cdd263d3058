package io.gator.platform.e2e;

import static io.gator.platform.e2e.EndToEndTest.admin;
import static io.gator.platform.e2e.EndToEndTest.mig;
import static io.gator.platform.e2e.EndToEndTest.waitForAgents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.fleet.FleetLauncher;
import io.gator.core.json.MigJson;
import io.gator.core.sign.KeyGen;
import io.gator.platform.e2e.EndToEndTest.Run;
import io.gator.platform.role.Investigators;
import io.gator.platform.role.Nodes;
import io.gator.relay.Relay;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.relay.amqp.RabbitVhost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late reach on the real services: an action launched with {@code -latereach} on two simulated agents reaches two
 * more that come online while it is valid; each gets the command once (they heartbeat every second), their results
 * arrive, and the action completes at expireafter with four successes.
 */
class LateReachEndToEndTest {

    @Test
    void agentsJoiningMidWindowGetTheCommandOnceAndTheirResultsArrive(@TempDir Path dir) throws Exception {
        String db = "gator_latereach_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        admin("CREATE DATABASE " + db);
        KeyGen.GeneratedKey alice = KeyGen.ed25519("alice <alice@example.net>");
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/alice.asc"), alice.armoredPublicKey());
        Files.writeString(dir.resolve("alice.sec"), alice.armoredSecretKey());
        Files.writeString(dir.resolve("acl.json"), "{\"default\":{\"minimumweight\":1,\"investigators\":{"
                + "\"alice\":{\"fingerprint\":\"" + alice.fingerprint() + "\",\"weight\":1}}}}");
        Path etc = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        try (RabbitVhost vhost = new RabbitVhost()) {
            Config config = ConfigFactory.parseString("""
                    gator.persistence { url = "jdbc:postgresql://127.0.0.1:5432/%s?reWriteBatchedInserts=true"
                                        init-schema-on-start = true }
                    gator.api { port = 0, public-url = "http://127.0.0.1" }
                    gator.agent { run-dir = "%s", keyring-dir = "%s", acl-file = "%s", heartbeat-interval = 1s }
                    gator.fleet { agents = 2, queue-prefix = "early", module-threads = 2 }
                    gator.scheduler.late-reach.check-interval = 200ms
                    pekko.actor.provider = cluster
                    pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
                    pekko.cluster.roles = [scheduler, api]
                    pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                    gator.cluster.management.enabled = off
                    """.formatted(db, dir.resolve("run"), dir.resolve("keys"), dir.resolve("acl.json")))
                    .withFallback(ConfigFactory.load()).resolve();
            AmqpSettings amqp = AmqpSettings.fromRoot(config).withUri(vhost.uri());
            Nodes.Server server = Nodes.start(config, AmqpRelay.start(amqp.withConnectionName("late-scheduler")),
                    Clock.systemUTC());
            List<FleetLauncher.Running> fleets = new ArrayList<>();
            try {
                Investigators.create(server.db(), "alice", alice.armoredPublicKey(), true);
                Thread.sleep(1500); // the scheduler declares the topology before agents publish heartbeats
                fleets.add(FleetLauncher.start(config, Clock.systemUTC(),
                        List.<Relay>of(AmqpRelay.start(amqp.withConnectionName("late-early"))), 2));
                int port = server.api().orElseThrow().localAddress().getPort();
                Path rc = Files.writeString(dir.resolve("alice.migrc"), "api.url = \"http://127.0.0.1:" + port
                        + "/api/v1\"\nkey.file = \"" + dir.resolve("alice.sec") + "\"\n");
                waitForAgents(rc, 2);

                // the CLI follows the action until it ends (at expireafter): in the background
                CompletableFuture<Run> launched = CompletableFuture.supplyAsync(() -> mig(List.of("file",
                        "-latereach", "-c", rc.toString(), "-t", "status='online'", "-e", "20s", "-yes",
                        "-path", etc.toString(), "-name", "^passwd$")));
                long id = waitForSuccesses(server, 2);

                Config later = ConfigFactory.parseString("gator.fleet.queue-prefix = late").withFallback(config);
                fleets.add(FleetLauncher.start(later, Clock.systemUTC(),
                        List.<Relay>of(AmqpRelay.start(amqp.withConnectionName("late-late"))), 2));
                assertEquals(id, waitForSuccesses(server, 4), "the late agents answered the same action");
                Thread.sleep(3000); // several more heartbeats of every agent: still one command each

                JsonNode done = CosignEndToEndTest.waitCompleted(rc, Long.toString(id));
                assertEquals(4, done.at("/counters/success").asInt(), done.toString());
                assertEquals(4, done.at("/counters/sent").asInt(), done.toString());
                try (Connection c = server.db().connection(); ResultSet rs = c.createStatement().executeQuery(
                        "SELECT queueloc, COUNT(*) FROM commands WHERE actionid = " + id
                                + " GROUP BY queueloc ORDER BY queueloc")) {
                    List<String> queues = new ArrayList<>();
                    while (rs.next()) {
                        assertEquals(1, rs.getInt(2), "one command for " + rs.getString(1));
                        queues.add(rs.getString(1));
                    }
                    assertEquals(4, queues.size(), queues.toString());
                    assertEquals(2, queues.stream().filter(q -> q.startsWith("linux.late")).count(), queues.toString());
                }
                Run cli = launched.get(60, TimeUnit.SECONDS);
                assertEquals(0, cli.code(), cli.err());
            } finally {
                fleets.forEach(FleetLauncher.Running::stop);
                server.close();
                admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    /** The one action's id once the read model counts {@code n} successful commands for it. */
    private static long waitForSuccesses(Nodes.Server server, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try (Connection c = server.db().connection(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT actionid, COUNT(*) FROM commands WHERE status = 'success' GROUP BY actionid")) {
                if (rs.next()) {
                    last = rs.getLong(1) + ": " + rs.getInt(2);
                    if (rs.getInt(2) >= n) {
                        return rs.getLong(1);
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("never " + n + " successful commands: " + last);
    }
}
