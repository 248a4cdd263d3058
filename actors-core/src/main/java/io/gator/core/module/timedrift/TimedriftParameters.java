package io.gator.core.module.timedrift;

import java.time.Duration;
import java.util.Optional;

/** The timedrift module's parameter: the allowed drift as a Go duration ({@code 5s}); empty: no NTP check. */
public record TimedriftParameters(String drift) {
    public TimedriftParameters {
        drift = drift == null ? "" : drift;
    }

    /** The allowed drift, when set. */
    public Optional<Duration> allowedDrift() {
        return drift.isEmpty() ? Optional.empty() : Optional.of(GoDuration.parse(drift));
    }
}
