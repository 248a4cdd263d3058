package io.gator.agent.module;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * The agent's limits on every module run ({@code gator.agent.limits}; reference.conf documents each). Zero means
 * no limit. The wall-time limit is {@code gator.agent.module-timeout}, enforced by the operation's runner actor.
 *
 * @param cpuTime     CPU time of the run's threads, summed
 * @param cpuShare    CPU time of the run's threads over its wall time, in cores (0.5: half of one core); kept by
 *                    pausing the run, not by stopping it
 * @param cpuBurst    CPU time a run may use before {@code cpuShare} pauses it, so short runs go at full speed
 * @param memory      bytes allocated on the heap by the run's threads, summed (allocation, not live size)
 * @param fileRate    files the file module reads or examines per second
 */
public record RunLimits(Duration cpuTime, double cpuShare, Duration cpuBurst, long memory, double fileRate) {
    /** No limit at all (module tests, direct runs). */
    public static final RunLimits NONE = new RunLimits(Duration.ZERO, 0, Duration.ZERO, 0, 0);

    public RunLimits {
        if (cpuTime.isNegative() || cpuBurst.isNegative() || cpuShare < 0 || memory < 0 || fileRate < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
    }

    /** Reads {@code gator.agent.limits}; a bad value stops the agent at start with the key's name. */
    public static RunLimits from(Config root) {
        Config c = root.getConfig("gator.agent.limits");
        try {
            return new RunLimits(c.getDuration("cpu-time"), c.getDouble("cpu-share"), c.getDuration("cpu-burst"),
                    c.getBytes("memory"), c.getDouble("file-rate"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(c.origin(), "gator.agent.limits", e.getMessage());
        }
    }

    boolean none() {
        return cpuTime.isZero() && !throttled() && memory == 0 && fileRate == 0;
    }

    boolean throttled() {
        return cpuShare > 0 && cpuShare < Runtime.getRuntime().availableProcessors();
    }
}
