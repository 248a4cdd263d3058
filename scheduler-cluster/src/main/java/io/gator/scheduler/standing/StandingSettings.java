package io.gator.scheduler.standing;

import com.typesafe.config.Config;
import java.time.Duration;

/** {@code gator.scheduler.standing} (see reference.conf). */
public record StandingSettings(Duration launchRetry, Duration askTimeout, Duration passivateAfterFinish,
                               String eventTag) {
    public static StandingSettings from(Config root) {
        Config c = root.getConfig("gator.scheduler.standing");
        return new StandingSettings(c.getDuration("launch-retry"), c.getDuration("ask-timeout"),
                c.getDuration("passivate-after-finish"), c.getString("event-tag"));
    }
}
