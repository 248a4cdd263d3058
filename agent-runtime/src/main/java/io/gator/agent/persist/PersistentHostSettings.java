package io.gator.agent.persist;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The persistent-module host's settings ({@code gator.agent.persistent-modules} and
 * {@code gator.agent.persistent}; reference.conf documents each key).
 *
 * @param enabled      whether the agent starts its persistent modules (MIG's {@code nopersistmods} inverted)
 * @param files        where each module's configuration file is read from
 * @param restart      how a failed module is started again
 * @param sockets      whether each running module also answers MIG's query socket in the run directory
 * @param tuning       per-module tunables ({@code gator.agent.persistent.<name>}), given to
 *                     {@link PersistentModule#configured}
 */
public record PersistentHostSettings(boolean enabled, ModuleConfigFiles files, Restart restart, boolean sockets,
                                     Config tuning) {

    /** Restart with backoff after a failure (MIG restarts a dead module after 10 s). */
    public record Restart(Duration minBackoff, Duration maxBackoff, double randomFactor) {}

    /** Reads the settings from a resolved config. */
    public static PersistentHostSettings from(Config root) {
        Config c = root.getConfig("gator.agent.persistent");
        return new PersistentHostSettings(root.getBoolean("gator.agent.persistent-modules"),
                new ModuleConfigFiles(Path.of(c.getString("conf-dir"))),
                new Restart(c.getDuration("restart-min-backoff"), c.getDuration("restart-max-backoff"),
                        c.getDouble("restart-random-factor")),
                c.getBoolean("query-sockets"), c.getConfig("modules"));
    }

    /** No persistent modules (checkin runs, tests of other parts). */
    public static PersistentHostSettings off() {
        return new PersistentHostSettings(false, new ModuleConfigFiles(Path.of("/etc/gator")),
                new Restart(Duration.ofSeconds(10), Duration.ofMinutes(5), 0.2), false, ConfigFactory.empty());
    }
}
