package io.gator.agent;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueFactory;
import io.gator.agent.config.AgentSettings;
import io.gator.agent.heartbeat.HostFacts;
import io.gator.agent.module.ModuleRegistry;
import io.gator.agent.module.RegistryModules;
import io.gator.agent.module.RunLimits;
import io.gator.agent.persist.PersistentHostSettings;
import io.gator.agent.persist.PersistentModules;
import io.gator.agent.persist.PersistentQueries;
import io.gator.agent.verify.SignedCommandVerifier;
import io.gator.core.acl.Acl;
import io.gator.core.module.ModuleDefinitions;
import io.gator.relay.Relay;
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

    /** Pekko Streams' classes, which the agent's actor system does without (see actorSystemConfig). */
    static final String STREAM_PACKAGE = "org.apache.pekko.stream.";

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
        PersistentHostSettings persistentSettings = PersistentHostSettings.from(config);
        PersistentQueries queries = new PersistentQueries();
        RegistryModules modules = new RegistryModules(registry, s.extraPrivacyMode(), Path.of("/"), queries,
                RunLimits.from(config));
        SignedCommandVerifier verifier = new SignedCommandVerifier(new PgpVerifier(keyring), acl, s.onlyVerifyPubKey(),
                modules, clock, s.maxClockSkew(), s.maxParameterBytes());
        String queueLoc = QueueLocation.loadOrCreate(s.runDir(), HostFacts.osFamily());
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gator-module");
            t.setDaemon(true);
            return t;
        });
        List<String> moduleNames = List.copyOf(registry.names());
        return new AgentGuardian.Parts(s, queueLoc, relay, verifier, modules, threads,
                () -> HostFacts.read(moduleNames, s.publicIp(), false, ""), VERSION, clock,
                new AgentGuardian.Persistent(persistentSettings, persistentSettings.enabled()
                        ? PersistentModules.discovered(persistentSettings.tuning()) : List.of(), queries));
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
     * threads) that also runs Pekko's internal actors, and without Pekko's Jackson serializers: a local system
     * never serializes a message, and creating them at start loads some 400 Jackson and Scala-module classes into
     * every agent. Nor anything of Pekko
     * Streams (the agent consumes with {@link io.gator.relay.Relay#subscribe}): no system materializer
     * extension at start, no stream-ref serializer and bindings, which would load about 300 stream classes
     * (3-4 MB of the idle agent's RSS). A stream run in the agent's system still works: the materializer
     * extension then starts on first use.
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
                // Pekko's internal actors share the default dispatcher's threads (an alias Pekko resolves): two
                // threads fewer, each with its stack and thread-local buffers, in an agent that is mostly idle
                .withValue("pekko.actor.internal-dispatcher",
                        ConfigValueFactory.fromAnyRef("pekko.actor.default-dispatcher"));
        // Pekko falls back to every reference.conf again, so removing the entries would not do: they point at
        // Pekko's Java serializer instead (loaded anyway; a serializer identifier may not serve two classes), and
        // so do bindings to them. Never used: nothing leaves this JVM through Pekko.
        java.util.Set<String> jackson = new java.util.HashSet<>();
        java.util.Set<String> stream = new java.util.HashSet<>();
        for (var e : local.getObject("pekko.actor.serializers").entrySet()) {
            String cls = String.valueOf(e.getValue().unwrapped());
            if (cls.startsWith("org.apache.pekko.serialization.jackson.")) {
                jackson.add(e.getKey());
            } else if (cls.startsWith(STREAM_PACKAGE)) {
                stream.add(e.getKey());
            }
        }
        for (String name : union(jackson, stream)) {
            local = local.withValue("pekko.actor.serializers.\"" + name + "\"",
                    ConfigValueFactory.fromAnyRef(STAND_IN_SERIALIZER));
        }
        for (var e : local.getObject("pekko.actor.serialization-bindings").entrySet()) {
            String serializer = String.valueOf(e.getValue().unwrapped());
            // "none": Pekko skips the binding and so never loads the bound stream class
            String to = jackson.contains(serializer) ? "java" : stream.contains(serializer) ? "none" : null;
            if (to != null) {
                local = local.withValue("pekko.actor.serialization-bindings.\"" + e.getKey() + "\"",
                        ConfigValueFactory.fromAnyRef(to));
            }
        }
        java.util.List<String> extensions = new java.util.ArrayList<>();
        for (String ext : local.getStringList("pekko.library-extensions")) {
            if (!ext.startsWith(STREAM_PACKAGE)) {
                extensions.add(ext);
            }
        }
        return local.withValue("pekko.library-extensions", ConfigValueFactory.fromIterable(extensions));
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Module names this agent runs (also what the API accepts). */
    public static List<String> moduleNames() {
        return List.copyOf(ModuleDefinitions.names());
    }
}
