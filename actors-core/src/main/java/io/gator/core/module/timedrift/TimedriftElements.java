package io.gator.core.module.timedrift;

import java.util.List;

/** Timedrift elements: local time (RFC3339Nano) and, when a drift was given, the verdict and out-of-sync lines. */
public record TimedriftElements(boolean hasCheckedDrift, boolean isWithinDrift, List<String> drifts, String localTime) {
    public TimedriftElements {
        drifts = drifts == null ? List.of() : List.copyOf(drifts);
        localTime = localTime == null ? "" : localTime;
    }
}
