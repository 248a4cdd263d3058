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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standing order on the real services, in real time (the one test that waits for its runs): two runs 10 s
 * apart, signed by the CLI, each created by the cluster when its window opens and run by every simulated agent.
 */
class ScheduleEndToEndTest {
    private static final int AGENTS = 2;

    @Test
    void twoRunsOfAStandingOrderAreCreatedInTurnAndCompleteOnTheAgentsAndACancelledOneLaunchesNone(@TempDir Path dir) throws Exception {
        String db = "gator_schedule_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
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
                    gator.agent { run-dir = "%s", keyring-dir = "%s", acl-file = "%s", heartbeat-interval = 1h }
                    gator.fleet { agents = %d, queue-prefix = "schedule", module-threads = 2 }
                    pekko.actor.provider = cluster
                    pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
                    pekko.cluster.roles = [scheduler, api]
                    pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                    gator.cluster.management.enabled = off
                    """.formatted(db, dir.resolve("run"), dir.resolve("keys"), dir.resolve("acl.json"), AGENTS))
                    .withFallback(ConfigFactory.load()).resolve();
            AmqpSettings amqp = AmqpSettings.fromRoot(config).withUri(vhost.uri());
            Nodes.Server server = Nodes.start(config, AmqpRelay.start(amqp.withConnectionName("schedule-scheduler")),
                    Clock.systemUTC());
            FleetLauncher.Running fleet = null;
            try {
                Investigators.create(server.db(), "alice", alice.armoredPublicKey(), true);
                Thread.sleep(1500); // the scheduler declares the topology before agents publish heartbeats
                List<Relay> relays = List.of(AmqpRelay.start(amqp.withConnectionName("schedule-fleet")));
                fleet = FleetLauncher.start(config, Clock.systemUTC(), relays, AGENTS);
                int port = server.api().orElseThrow().localAddress().getPort();
                Path rc = Files.writeString(dir.resolve("alice.migrc"), "api.url = \"http://127.0.0.1:" + port
                        + "/api/v1\"\nkey.file = \"" + dir.resolve("alice.sec") + "\"\n");
                waitForAgents(rc, AGENTS);

                Run posted = mig(List.of("schedule", "file", "-c", rc.toString(), "-t", "all", "-every", "10s",
                        "-for", "20s", "-e", "7s", "-path", etc.toString(), "-name", "^passwd$"));
                assertEquals(0, posted.code(), posted.err());
                String orderId = posted.out().trim();

                JsonNode order = waitLaunched(rc, orderId, 2);
                List<String> actionIds = new ArrayList<>();
                order.path("runs").forEach(r -> actionIds.add(r.path("actionid").asText(r.path("actionId").asText())));
                assertEquals(2, actionIds.size(), order.toString());
                for (String id : actionIds) {
                    JsonNode done = CosignEndToEndTest.waitCompleted(rc, id);
                    assertEquals(AGENTS, done.at("/counters/success").asInt(), done.toString());
                }
                Run list = mig(List.of("schedule", "list", "-c", rc.toString()));
                assertTrue(list.out().lines().anyMatch(l -> l.startsWith(orderId) && l.contains("2/2")),
                        list.out() + list.err());

                // an order whose runs are all ahead, cancelled: none launches
                Run later = mig(List.of("schedule", "file", "-c", rc.toString(), "-t", "all", "-every", "1h",
                        "-for", "3h", "-start", java.time.Instant.now().plus(Duration.ofHours(1)).toString(), "-path",
                        etc.toString(), "-name", "^passwd$"));
                assertEquals(0, later.code(), later.err());
                String laterId = later.out().trim();
                Run cancelled = mig(List.of("schedule", "cancel", laterId, "-c", rc.toString()));
                assertEquals(0, cancelled.code(), cancelled.err());
                JsonNode shown = MigJson.tree(mig(List.of("schedule", "show", laterId, "-json", "-c", rc.toString()))
                        .out());
                assertEquals("cancelled", shown.path("status").asText(), shown.toString());
                assertEquals(3, shown.path("runs").size(), shown.toString());
                shown.path("runs").forEach(r -> assertEquals("waiting", r.path("status").asText(), shown.toString()));
            } finally {
                if (fleet != null) {
                    fleet.stop();
                }
                server.close();
                admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    /** Bounded: the second run opens 10 s after the first. */
    private static JsonNode waitLaunched(Path rc, String orderId, int runs) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Run r = mig(List.of("schedule", "show", orderId, "-json", "-c", rc.toString()));
            if (r.code() == 0) {
                last = MigJson.tree(r.out());
                long launched = 0;
                for (JsonNode run : last.path("runs")) {
                    launched += run.path("status").asText().equals("launched") ? 1 : 0;
                }
                if (launched == runs) {
                    return last;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("standing order " + orderId + " did not launch " + runs + " runs: " + last);
    }
}
