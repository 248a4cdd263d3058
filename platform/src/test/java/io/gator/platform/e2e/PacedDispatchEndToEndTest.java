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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paced dispatch on the real services: {@code mig file -pace 50} to 300 simulated agents (the fleet simulator on
 * RabbitMQ, the journal in PostgreSQL), after one unpaced action to all of them (a cold JVM and each agent queue's
 * first message are slower than the pace). The commands counted per 1-second window from the first stay within
 * 10 % of 50 commands/s, every agent answers, and the CLI showed the pace while sending.
 */
class PacedDispatchEndToEndTest {
    static final int AGENTS = 300;
    /** Well under what this path sustains on a loaded 2-core test machine, so that the pace is what limits. */
    static final int RATE = 50;

    @Test
    void threeHundredAgentsAtFiftyPerSecondGetTheirCommandsAsASteadyStream(@TempDir Path dir) throws Exception {
        String db = "gator_paced_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
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
                    gator.agent { run-dir = "%s", keyring-dir = "%s", acl-file = "%s" }
                    gator.fleet { agents = %d, queue-prefix = "paced", module-threads = 2 }
                    pekko.actor.provider = cluster
                    pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
                    pekko.cluster.roles = [scheduler, api]
                    pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                    gator.cluster.management.enabled = off
                    """.formatted(db, dir.resolve("run"), dir.resolve("keys"), dir.resolve("acl.json"), AGENTS))
                    .withFallback(ConfigFactory.load()).resolve();
            AmqpSettings amqp = AmqpSettings.fromRoot(config).withUri(vhost.uri());
            Nodes.Server server = Nodes.start(config, AmqpRelay.start(amqp.withConnectionName("paced-scheduler")),
                    Clock.systemUTC());
            FleetLauncher.Running fleet = null;
            try {
                Investigators.create(server.db(), "alice", alice.armoredPublicKey(), true);
                Thread.sleep(1500); // the scheduler declares the topology before agents publish heartbeats
                fleet = FleetLauncher.start(config, Clock.systemUTC(),
                        List.<Relay>of(AmqpRelay.start(amqp.withConnectionName("paced-fleet"))), AGENTS);
                int port = server.api().orElseThrow().localAddress().getPort();
                Path rc = Files.writeString(dir.resolve("alice.migrc"), "api.url = \"http://127.0.0.1:" + port
                        + "/api/v1\"\nkey.file = \"" + dir.resolve("alice.sec") + "\"\n");
                waitForAgents(rc, AGENTS);
                List<String> search = List.of("-c", rc.toString(), "-t", "status='online'", "-e", "120s", "-yes",
                        "-path", etc.toString(), "-name", "^passwd$");
                List<String> warmUp = new ArrayList<>(List.of("file"));
                warmUp.addAll(search);
                Run unpaced = mig(warmUp);
                assertEquals(0, unpaced.code(), unpaced.err());
                assertTrue(!unpaced.err().contains("dispatching"), unpaced.err());

                List<String> paced = new ArrayList<>(List.of("file", "-pace", Integer.toString(RATE)));
                paced.addAll(search);
                Run run = mig(paced);
                assertEquals(0, run.code(), run.err());
                assertTrue(run.err().contains("dispatching at " + RATE + " commands/s: "), run.err());
                assertTrue(run.err().contains(AGENTS + " sent, " + AGENTS + " done, " + AGENTS + " succeeded"),
                        run.err());
                Matcher m = Pattern.compile("Following action ID (\\d+)\\.").matcher(run.err());
                assertTrue(m.find(), run.err());

                Run events = mig(List.of("action", "events", m.group(1), "-c", rc.toString(), "-json"));
                assertEquals(0, events.code(), events.err());
                Pace pace = Pace.of(MigJson.tree(events.out()));
                assertEquals(AGENTS, pace.sent(), "every command sent once");
                // at 50/s, 300 commands take about 6 s (less the first burst)
                assertTrue(pace.span().compareTo(Duration.ofMillis(5500)) > 0, "sent in " + pace.span());
                assertTrue(pace.fullWindows().size() >= 2, "windows: " + pace.perWindow());
                for (Map.Entry<Long, Integer> w : pace.fullWindows().entrySet()) {
                    assertTrue(Math.abs(w.getValue() - RATE) <= RATE / 10, "window " + w.getKey() + " sent "
                            + w.getValue() + " commands, not within 10 % of " + RATE + "/s: " + pace.perWindow());
                }
            } finally {
                if (fleet != null) {
                    fleet.stop();
                }
                server.close();
                admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    /**
     * Commands sent per 1-second window from the first. A command's time is its CommandsSent event's (the persisted
     * confirm), or its CommandsFinished event's when its result overtook the confirm (the entity then records it as
     * sent by its result alone): within a few tens of milliseconds of its publish either way.
     */
    record Pace(TreeMap<Long, Integer> perWindow, Instant first, Instant last, int sent) {
        static Pace of(JsonNode events) {
            Map<Long, Instant> sentAt = new java.util.HashMap<>();
            for (JsonNode e : events) {
                String type = e.path("type").asText();
                if (type.endsWith("CommandsSent")) {
                    Instant at = Instant.parse(e.at("/event/at").asText());
                    e.at("/event/commandIds").forEach(id -> sentAt.putIfAbsent(id.asLong(), at));
                } else if (type.endsWith("CommandsFinished")) {
                    Instant at = Instant.parse(e.at("/event/at").asText());
                    e.at("/event/finished").forEach(f -> sentAt.putIfAbsent(f.path("commandId").asLong(), at));
                }
            }
            assertTrue(!sentAt.isEmpty(), "no CommandsSent event: " + events);
            List<Instant> ats = new ArrayList<>(sentAt.values());
            ats.sort(null);
            Instant first = ats.get(0);
            TreeMap<Long, Integer> windows = new TreeMap<>();
            for (Instant at : ats) {
                windows.merge(Duration.between(first, at).toMillis() / 1000, 1, Integer::sum);
            }
            return new Pace(windows, first, ats.get(ats.size() - 1), ats.size());
        }

        Duration span() {
            return Duration.between(first, last);
        }

        /** The windows that ended before the last command: the last one is partial. */
        Map<Long, Integer> fullWindows() {
            return perWindow.headMap(Duration.between(first, last).toMillis() / 1000);
        }
    }
}
