package io.gator.scheduler;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Loads a cluster node's config with Pekko's cluster settings taken from {@code gator.cluster.*}: provider
 * {@code cluster}, the artery address, roles, the split brain resolver and pekko-management's address come
 * through HOCON substitutions ({@code io/gator/scheduler/cluster.conf}, loaded under the application config and
 * over every reference.conf, so a {@code pekko.*} key the deploy file sets itself wins); the only code is the
 * seed-node rewrite ({@code host:port} becomes {@code pekko://<system-name>@host:port}) and the checks that name
 * the {@code gator.cluster} key at fault. Create the ActorSystem with the result, named {@link #systemName(Config)}.
 */
public final class ClusterConfig {
    private static final String MAPPING = "cluster.conf";
    private static final Set<String> STRATEGIES = Set.of("keep-majority", "keep-oldest", "static-quorum",
            "keep-referee", "down-all", "lease-majority");

    private ClusterConfig() {}

    /**
     * System properties, then {@code application} (the node's own settings, not yet merged with any
     * reference.conf), then the {@code gator.cluster} mapping, then every reference.conf, resolved together.
     */
    public static Config withCluster(Config application) {
        Config gatorCluster = ConfigFactory.load(application).getConfig("gator.cluster");
        Config mapping = ConfigFactory.parseResources(ClusterConfig.class, MAPPING)
                .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedNodes(gatorCluster)));
        return ConfigFactory.load(application.withFallback(mapping));
    }

    /** The ActorSystem name of the cluster ({@code gator.cluster.system-name}). */
    public static String systemName(Config config) {
        return config.withFallback(ConfigFactory.defaultReference()).getString("gator.cluster.system-name");
    }

    /** The seed nodes of a {@code gator.cluster} section as Pekko addresses, after checking the section. */
    static List<String> seedNodes(Config c) {
        String system = c.getString("system-name");
        if (!system.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("gator.cluster.system-name must be letters, digits, '-' or '_', not \""
                    + system + "\"");
        }
        String strategy = c.getString("split-brain-resolver.active-strategy");
        if (!STRATEGIES.contains(strategy)) {
            throw new IllegalArgumentException("gator.cluster.split-brain-resolver.active-strategy must be one of "
                    + STRATEGIES + ", not \"" + strategy + "\"");
        }
        List<String> seeds = new ArrayList<>();
        for (String s : c.getStringList("seed-nodes")) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || !s.substring(colon + 1).matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("gator.cluster.seed-nodes entries are \"host:port\", not \"" + s + "\"");
            }
            seeds.add("pekko://" + system + "@" + s);
        }
        return seeds;
    }

    /** Whether this node starts pekko-management ({@code gator.cluster.management.enabled}). */
    public static boolean managementEnabled(Config config) {
        return config.hasPath("gator.cluster.management.enabled") && config.getBoolean("gator.cluster.management.enabled");
    }
}
