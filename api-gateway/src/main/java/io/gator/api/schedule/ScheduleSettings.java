package io.gator.api.schedule;

import com.typesafe.config.Config;

/** {@code gator.api.schedule} (see reference.conf). */
public record ScheduleSettings(int maxRuns, long bodyLimit) {
    /** The reference.conf defaults. */
    public static final ScheduleSettings DEFAULTS = new ScheduleSettings(1000, 16L * 1024 * 1024);

    public ScheduleSettings {
        if (maxRuns <= 0) {
            throw new IllegalArgumentException("gator.api.schedule.max-runs must be positive, got " + maxRuns);
        }
        if (bodyLimit <= 0) {
            throw new IllegalArgumentException("gator.api.schedule.body-limit must be positive, got " + bodyLimit);
        }
    }

    public static ScheduleSettings fromConfig(Config api) {
        Config c = api.getConfig("schedule");
        return new ScheduleSettings(c.getInt("max-runs"), c.getBytes("body-limit"));
    }
}
