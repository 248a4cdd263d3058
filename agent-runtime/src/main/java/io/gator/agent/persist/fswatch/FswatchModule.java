package io.gator.agent.persist.fswatch;

import com.typesafe.config.Config;
import io.gator.agent.persist.PersistentContext;
import io.gator.agent.persist.PersistentModule;
import java.time.Duration;

/**
 * MIG's fswatch module: watches the configured files and directories ({@code [paths] path = ...}, a
 * {@code recursive:} prefix for whole trees; MIG's Linux profile when none is given) and raises an alert when a
 * watched file's SHA-256 changes or a watched object is removed.
 */
public final class FswatchModule implements PersistentModule {
    private final FswatchTunables tunables;

    /** MIG's timings: hashing up to 9 s after a change, 15 min alert suppression, 5 s re-check. */
    public FswatchModule() {
        this(new FswatchTunables(Duration.ZERO, Duration.ofSeconds(9), Duration.ofMinutes(15), Duration.ofSeconds(5)));
    }

    public FswatchModule(FswatchTunables tunables) {
        this.tunables = tunables;
    }

    @Override
    public String name() {
        return "fswatch";
    }

    @Override
    public PersistentModule configured(Config section) {
        return new FswatchModule(new FswatchTunables(section.getDuration("hash-settle"),
                section.getDuration("hash-delay"),
                section.getDuration("alert-suppression"), section.getDuration("recheck-interval")));
    }

    @Override
    public org.apache.pekko.actor.typed.Behavior<Message> create(PersistentContext context) {
        return Fswatch.create(context, tunables);
    }
}
