package io.gator.agent.persist.dispatch;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The agent's own settings for dispatch ({@code gator.agent.persistent.modules.dispatch}), beside dispatch.cfg's.
 *
 * @param dropWarningInterval least time between two warnings about alerts dropped because the buffer is full
 * @param postTimeout         longest one POST (connect, send, response) may take before it counts as failed
 */
public record DispatchTunables(Duration dropWarningInterval, Duration postTimeout) {
    public DispatchTunables {
        if (dropWarningInterval.isNegative()) {
            throw new IllegalArgumentException("drop-warning-interval must not be negative: " + dropWarningInterval);
        }
        if (postTimeout.isNegative() || postTimeout.isZero()) {
            throw new IllegalArgumentException("post-timeout must be positive: " + postTimeout);
        }
    }

    /** From the {@code gator.agent.persistent.modules.dispatch} section. */
    public static DispatchTunables from(Config section) {
        return new DispatchTunables(section.getDuration("drop-warning-interval"), section.getDuration("post-timeout"));
    }
}
