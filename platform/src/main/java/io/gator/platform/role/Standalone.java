package io.gator.platform.role;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.gator.agent.AgentLauncher;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.core.sign.KeyGen;
import io.gator.persistence.Database;
import io.gator.persistence.agent.AgentRepository;
import io.gator.platform.broker.BrokerSettings;
import io.gator.platform.broker.EmbeddedBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

/**
 * A whole platform in one JVM: the embedded broker (the real AMQP code path), one node with the
 * scheduler and API roles on H2, and one agent on this host. On first start it makes a throw-away
 * investigator key, the agent's keyring and ACL, and a {@code .migrc} for {@code bin/mig}.
 */
public final class Standalone implements AutoCloseable {
    private final EmbeddedBroker broker;
    private final Nodes.Server server;
    private final AgentLauncher.Running agent;
    private final Path migrc;
    private final Config config;

    private Standalone(EmbeddedBroker broker, Nodes.Server server, AgentLauncher.Running agent, Path migrc,
            Config config) {
        this.broker = broker;
        this.server = server;
        this.agent = agent;
        this.migrc = migrc;
        this.config = config;
    }

    /** The configuration the platform runs with, the embedded broker's AMQP URI included (to attach more agents). */
    public Config config() {
        return config;
    }

    /** The .migrc written for this platform. */
    public Path migrc() {
        return migrc;
    }

    public static Standalone start(Config base, Path dataDir, PrintWriter out) throws IOException {
        Files.createDirectories(dataDir);
        Clock clock = Clock.systemUTC();
        EmbeddedBroker broker = EmbeddedBroker.start(BrokerSettings.fromConfig(base));
        Config config = base
                .withValue("gator.relay.amqp.uri", ConfigValueFactory.fromAnyRef(broker.amqpUri().toString()))
                // Qpid reads AMQP expiration as an absolute time, RabbitMQ as a TTL: tell the relay which one it talks to
                .withValue("gator.relay.amqp.expiration", ConfigValueFactory.fromAnyRef(
                        broker.expirationIsAbsolute() ? "absolute" : "relative"));
        Path keyDir = dataDir.resolve("investigator");
        Path secret = keyDir.resolve("secret.asc");
        Path pub = keyDir.resolve("public.asc");
        Path agentKeys = Path.of(config.getString("gator.agent.keyring-dir"));
        Path acl = Path.of(config.getString("gator.agent.acl-file"));
        if (!Files.exists(secret)) {
            KeyGen.GeneratedKey key = KeyGen.rsa("Gator standalone investigator <investigator@localhost>", 2048);
            Files.createDirectories(keyDir);
            Files.writeString(secret, key.armoredSecretKey());
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(pub, key.armoredPublicKey());
            Files.createDirectories(agentKeys);
            Files.writeString(agentKeys.resolve("investigator.asc"), key.armoredPublicKey());
            Files.createDirectories(acl.toAbsolutePath().getParent());
            Files.writeString(acl, "{\"default\":{\"minimumweight\":1,\"investigators\":{\"investigator\":"
                    + "{\"fingerprint\":\"" + key.fingerprint() + "\",\"weight\":1}}}}\n");
        }
        Nodes.initSchema(config);
        AmqpRelay schedulerRelay = AmqpRelay.start(AmqpSettings.fromRoot(config).withConnectionName("gator-scheduler"));
        Nodes.Server server = Nodes.start(config, schedulerRelay, clock);
        Investigators.create(server.db(), "investigator", Files.readString(pub), true);
        AgentLauncher.Running agent = Nodes.agent(config, clock);
        if (!awaitAgentListed(server, agent.queueLoc(), config.getDuration("gator.platform.standalone-agent-wait"))) {
            out.println("Warning: the agent " + agent.queueLoc() + " has not been seen yet; `mig -t all` targets it "
                    + "once its first heartbeat arrives.");
        }
        String apiUrl = io.gator.api.http.ApiSettings.fromConfig(config).baseUrl();
        Path migrc = dataDir.resolve("migrc");
        Files.writeString(migrc, "# written by gator standalone\napi.url = \"" + apiUrl + "\"\nkey.file = \""
                + secret.toAbsolutePath() + "\"\n");
        out.println("Gator standalone is up.");
        out.println("  embedded AMQP broker: " + broker.host() + ":" + broker.port() + " (vhost " + broker.vhost() + ")");
        out.println("  API:                  " + apiUrl);
        out.println("  agent:                " + agent.queueLoc());
        out.println("  journal (H2):         " + dataDir.toAbsolutePath());
        out.println("  investigator key:     " + secret.toAbsolutePath() + " (throw-away, made at first start)");
        out.println("  agent keyring / ACL:  " + agentKeys.toAbsolutePath() + " / " + acl.toAbsolutePath());
        out.println();
        out.println("Try:");
        out.println("  MIGRC=" + migrc + " bin/mig file -yes -t all -path /etc -name '^passwd$'");
        out.flush();
        return new Standalone(broker, server, agent, migrc, config);
    }

    /**
     * Waits until the directory lists this process's agent online (its first heartbeat went through the broker
     * and the batched intake): before that, the command printed below would target no agent.
     */
    static boolean awaitAgentListed(Nodes.Server server, String queueLoc, java.time.Duration within) {
        AgentRepository agents = new AgentRepository(server.db(), 1);
        long pid = ProcessHandle.current().pid();
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            boolean listed = agents.findByQueueLoc(queueLoc)
                    .filter(a -> a.pid() == pid && "online".equals(a.status())).isPresent();
            if (listed) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @Override
    public void close() {
        agent.stop();
        server.close();
        broker.close();
    }

    /** The configuration the standalone mode runs with when no file is given. */
    public static Config defaults() {
        return ConfigFactory.load();
    }
}
