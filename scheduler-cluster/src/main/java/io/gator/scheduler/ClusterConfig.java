package io.gator.scheduler;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Derives Pekko's cluster settings from {@code gator.cluster.*}, as {@code PersistenceConfig.withPersistence}
 * does for the journal: provider {@code cluster}, the artery address, seed nodes ({@code host:port} become
 * {@code pekko://<system-name>@host:port}), roles, the split brain resolver's strategy and stable-after,
 * graceful leave through CoordinatedShutdown, and pekko-management's address. Call it on the loaded config
 * before creating the ActorSystem (named {@link #systemName(Config)}). A {@code pekko.*} key that the
 * application or deploy file sets itself (anything but a {@code reference.conf} default) wins over the
 * derived value, so deploy files written with Pekko's own keys keep working.
 */
public final class ClusterConfig {
    private static final Set<String> STRATEGIES = Set.of("keep-majority", "keep-oldest", "static-quorum",
            "keep-referee", "down-all", "lease-majority");

    private ClusterConfig() {}

    /** {@code config} with the cluster settings derived from {@code gator.cluster.*} on top. */
    public static Config withCluster(Config config) {
        Config loaded = config.withFallback(ConfigFactory.defaultReference()).resolve();
        Config derived = pekkoConfig(loaded.getConfig("gator.cluster"));
        for (var e : derived.entrySet()) {
            String key = e.getKey();
            if (loaded.hasPath(key) && !"reference.conf".equals(loaded.getValue(key).origin().resource())) {
                derived = derived.withoutPath(key); // set explicitly by the operator: keep theirs
            }
        }
        return derived.withFallback(config).resolve();
    }

    /** The ActorSystem name of the cluster ({@code gator.cluster.system-name}). */
    public static String systemName(Config config) {
        return config.withFallback(ConfigFactory.defaultReference()).getString("gator.cluster.system-name");
    }

    /** The Pekko side of a {@code gator.cluster} section. */
    public static Config pekkoConfig(Config c) {
        String system = c.getString("system-name");
        if (!system.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("gator.cluster.system-name must be letters, digits, '-' or '_', not \""
                    + system + "\"");
        }
        List<String> seeds = new ArrayList<>();
        for (String s : c.getStringList("seed-nodes")) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || !s.substring(colon + 1).matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("gator.cluster.seed-nodes entries are \"host:port\", not \"" + s + "\"");
            }
            seeds.add("pekko://" + system + "@" + s);
        }
        String strategy = c.getString("split-brain-resolver.active-strategy");
        if (!STRATEGIES.contains(strategy)) {
            throw new IllegalArgumentException("gator.cluster.split-brain-resolver.active-strategy must be one of "
                    + STRATEGIES + ", not \"" + strategy + "\"");
        }
        // graceful leave needs nothing here: Pekko's defaults run CoordinatedShutdown from the JVM shutdown hook and
        // on ActorSystem.terminate (cluster leave, shard hand-off), and a node downed by the resolver shuts down
        return ConfigFactory.parseString("pekko.actor.provider = cluster")
                .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(c.getString("hostname")))
                .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(c.getInt("port")))
                .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
                .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(c.getStringList("roles")))
                .withValue("pekko.cluster.split-brain-resolver.active-strategy", ConfigValueFactory.fromAnyRef(strategy))
                .withValue("pekko.cluster.split-brain-resolver.stable-after",
                        ConfigValueFactory.fromAnyRef(c.getDuration("split-brain-resolver.stable-after").toMillis() + "ms"))
                .withValue("pekko.management.http.hostname",
                        ConfigValueFactory.fromAnyRef(c.getString("management.hostname")))
                .withValue("pekko.management.http.port", ConfigValueFactory.fromAnyRef(c.getInt("management.port")));
    }

    /** Whether this node starts pekko-management ({@code gator.cluster.management.enabled}). */
    public static boolean managementEnabled(Config config) {
        return config.hasPath("gator.cluster.management.enabled") && config.getBoolean("gator.cluster.management.enabled");
    }
}
