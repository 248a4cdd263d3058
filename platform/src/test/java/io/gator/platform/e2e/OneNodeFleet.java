package io.gator.platform.e2e;

import static io.gator.platform.e2e.EndToEndTest.admin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.fleet.FleetLauncher;
import io.gator.core.sign.KeyGen;
import io.gator.platform.role.Investigators;
import io.gator.platform.role.Nodes;
import io.gator.relay.Relay;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.relay.amqp.RabbitVhost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One scheduler and API node and simulated agents in this JVM, on a throw-away PostgreSQL database and RabbitMQ
 * vhost: alice (an admin, migrc {@link #rc}) signs, the agents' keyring and ACL trust her alone, and {@link #etc}
 * holds the one passwd file their searches find. Closing stops the agents, the node, and drops both.
 */
final class OneNodeFleet implements AutoCloseable {
    final Config config;
    final AmqpSettings amqp;
    final Nodes.Server server;
    final Path rc;
    final Path etc;
    private final String db;
    private final RabbitVhost vhost;
    private final List<FleetLauncher.Running> fleets = new ArrayList<>();

    /**
     * {@code settings}: HOCON over the node's and the fleet's (agents, queue-prefix...); {@code relay}: what the node
     * publishes through, around its AMQP relay.
     */
    static OneNodeFleet start(Path dir, String name, String settings, UnaryOperator<Relay> relay) throws Exception {
        String db = "gator_" + name + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        admin("CREATE DATABASE " + db);
        RabbitVhost vhost = new RabbitVhost();
        try {
            return new OneNodeFleet(dir, name, settings, relay, db, vhost);
        } catch (Exception | Error e) {
            vhost.close();
            admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            throw e;
        }
    }

    private OneNodeFleet(Path dir, String name, String settings, UnaryOperator<Relay> relay, String db,
                         RabbitVhost vhost) throws Exception {
        this.db = db;
        this.vhost = vhost;
        KeyGen.GeneratedKey alice = KeyGen.ed25519("alice <alice@example.net>");
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/alice.asc"), alice.armoredPublicKey());
        Files.writeString(dir.resolve("alice.sec"), alice.armoredSecretKey());
        Files.writeString(dir.resolve("acl.json"), "{\"default\":{\"minimumweight\":1,\"investigators\":{"
                + "\"alice\":{\"fingerprint\":\"" + alice.fingerprint() + "\",\"weight\":1}}}}");
        etc = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        config = ConfigFactory.parseString(settings).withFallback(ConfigFactory.parseString("""
                gator.persistence { url = "jdbc:postgresql://127.0.0.1:5432/%s?reWriteBatchedInserts=true"
                                    init-schema-on-start = true }
                gator.api { port = 0, public-url = "http://127.0.0.1" }
                gator.agent { run-dir = "%s", keyring-dir = "%s", acl-file = "%s" }
                gator.fleet.module-threads = 2
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
                pekko.cluster.roles = [scheduler, api]
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                gator.cluster.management.enabled = off
                """.formatted(db, dir.resolve("run"), dir.resolve("keys"), dir.resolve("acl.json"))))
                .withFallback(ConfigFactory.load()).resolve();
        amqp = AmqpSettings.fromRoot(config).withUri(vhost.uri());
        server = Nodes.start(config, relay.apply(AmqpRelay.start(amqp.withConnectionName(name + "-scheduler"))),
                Clock.systemUTC());
        try {
            Investigators.create(server.db(), "alice", alice.armoredPublicKey(), true);
            Thread.sleep(1500); // the scheduler declares the topology before agents publish heartbeats
            int port = server.api().orElseThrow().localAddress().getPort();
            rc = Files.writeString(dir.resolve("alice.migrc"), "api.url = \"http://127.0.0.1:" + port
                    + "/api/v1\"\nkey.file = \"" + dir.resolve("alice.sec") + "\"\n");
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    /** Starts the agents {@code fleetConfig}'s gator.fleet describes, all on one AMQP connection. */
    FleetLauncher.Running fleet(Config fleetConfig, String connectionName) {
        int agents = fleetConfig.getInt("gator.fleet.agents");
        FleetLauncher.Running f = FleetLauncher.start(fleetConfig, Clock.systemUTC(),
                List.<Relay>of(AmqpRelay.start(amqp.withConnectionName(connectionName))), agents);
        fleets.add(f);
        return f;
    }

    @Override
    public void close() throws Exception {
        try {
            fleets.forEach(FleetLauncher.Running::stop);
            server.close();
        } finally {
            admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            vhost.close();
        }
    }
}
