package io.gator.agent;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueFactory;
import io.gator.agent.config.AgentSettings;
import io.gator.agent.heartbeat.HostFacts;
import io.gator.agent.module.ModuleRegistry;
import io.gator.agent.module.RegistryModules;
import io.gator.agent.verify.SignedCommandVerifier;
import io.gator.core.acl.Acl;
import io.gator.core.module.ModuleDefinitions;
import io.gator.core.relay.Relay;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.PgpVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Builds and starts an agent from configuration: keyring, ACL, modules, verifier, queue location,
 * then the supervised actor hierarchy. Anything unusable in the configuration stops the start with
 * a message naming the key.
 */
public final class AgentLauncher {
    /** Version reported in heartbeats. */
    public static final String VERSION = "gator-0.1.0";

    private AgentLauncher() {}

    /** Stands in for Pekko's Jackson serializers in the agent's actor system (see actorSystemConfig). */
    static final String STAND_IN_SERIALIZER = "org.apache.pekko.serialization.JavaSerializer";

    /** A running agent. */
    public record Running(ActorSystem<AgentGuardian.GetRouter> system, String queueLoc, ExecutorService moduleThreads) {
        public void stop() {
            system.terminate();
            moduleThreads.shutdownNow();
        }
    }

    /** Reads keyring and ACL as the settings name them; throws ConfigException naming the key when unusable. */
    public static AgentGuardian.Parts parts(Config config, Relay relay, Clock clock) {
        AgentSettings s = AgentSettings.from(config);
        Keyring keyring;
        try {
            keyring = Keyring.fromDirectory(s.keyringDir());
        } catch (RuntimeException e) {
            throw new ConfigException.BadValue("gator.agent.keyring-dir", "cannot read keys from " + s.keyringDir()
                    + ": " + e.getMessage());
        }
        if (keyring.size() == 0) {
            throw new ConfigException.BadValue("gator.agent.keyring-dir", "no investigator key in " + s.keyringDir()
                    + ": the agent would refuse every action");
        }
        Acl acl;
        try {
            acl = Acl.parse(Files.readString(s.aclFile()));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException.BadValue("gator.agent.acl-file", "cannot read ACL " + s.aclFile() + ": "
                    + e.getMessage());
        }
        ModuleRegistry registry = ModuleRegistry.fromConfig(config);
        RegistryModules modules = new RegistryModules(registry, s.extraPrivacyMode(), Path.of("/"));
        SignedCommandVerifier verifier = new SignedCommandVerifier(new PgpVerifier(keyring), acl, s.onlyVerifyPubKey(),
                modules, clock, s.maxClockSkew());
        String queueLoc = QueueLocation.loadOrCreate(s.runDir(), HostFacts.osFamily());
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gator-module");
            t.setDaemon(true);
            return t;
        });
        List<String> moduleNames = List.copyOf(registry.names());
        return new AgentGuardian.Parts(s, queueLoc, relay, verifier, modules, threads,
                () -> HostFacts.read(moduleNames, s.publicIp(), false, ""), VERSION, clock);
    }

    /** Starts the agent's actor system. */
    public static Running start(Config config, Relay relay, Clock clock) {
        AgentGuardian.Parts p = parts(config, relay, clock);
        ActorSystem<AgentGuardian.GetRouter> system = ActorSystem.create(AgentGuardian.create(p), "gator-agent",
                actorSystemConfig(config));
        return new Running(system, p.queueLoc(), p.moduleThreads());
    }

    /**
     * The agent's actor system: local (never a cluster member, whatever the surrounding config says: standalone
     * shares one), a default dispatcher of {@code gator.agent.actor-threads} threads (modules run on their own
     * threads), and without Pekko's Jackson serializers: a local system never serializes a message, and creating
     * them at start loads some 400 Jackson and Scala-module classes into every agent.
     */
    static Config actorSystemConfig(Config config) {
        int threads = config.getInt("gator.agent.actor-threads");
        if (threads < 1) {
            throw new ConfigException.BadValue("gator.agent.actor-threads", "must be >= 1, got " + threads);
        }
        Config local = config
                .withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("local"))
                .withValue("pekko.actor.default-dispatcher.fork-join-executor.parallelism-min",
                        ConfigValueFactory.fromAnyRef(threads))
                .withValue("pekko.actor.default-dispatcher.fork-join-executor.parallelism-max",
                        ConfigValueFactory.fromAnyRef(threads))
                .withValue("pekko.actor.internal-dispatcher.fork-join-executor.parallelism-min",
                        ConfigValueFactory.fromAnyRef(1))
                .withValue("pekko.actor.internal-dispatcher.fork-join-executor.parallelism-max",
                        ConfigValueFactory.fromAnyRef(threads));
        // Pekko falls back to every reference.conf again, so removing the entries would not do: they point at
        // Pekko's Java serializer instead (loaded anyway; a serializer identifier may not serve two classes), and
        // so do bindings to them. Never used: nothing leaves this JVM through Pekko.
        java.util.Set<String> jackson = new java.util.HashSet<>();
        for (var e : local.getObject("pekko.actor.serializers").entrySet()) {
            if (String.valueOf(e.getValue().unwrapped()).startsWith("org.apache.pekko.serialization.jackson.")) {
                jackson.add(e.getKey());
            }
        }
        for (String name : jackson) {
            local = local.withValue("pekko.actor.serializers.\"" + name + "\"",
                    ConfigValueFactory.fromAnyRef(STAND_IN_SERIALIZER));
        }
        for (var e : local.getObject("pekko.actor.serialization-bindings").entrySet()) {
            if (jackson.contains(String.valueOf(e.getValue().unwrapped()))) {
                local = local.withValue("pekko.actor.serialization-bindings.\"" + e.getKey() + "\"",
                        ConfigValueFactory.fromAnyRef("java"));
            }
        }
        return local;
    }

    /** Module names this agent runs (also what the API accepts). */
    public static List<String> moduleNames() {
        return List.copyOf(ModuleDefinitions.names());
    }
}
