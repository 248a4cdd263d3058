package io.gator.cli.launch;

import java.time.Duration;

/** Go's {@code time.ParseDuration} for the CLI's positive durations (units h, m, s, ms, us, µs, ns; decimals). */
public final class GoDuration {
    private GoDuration() {}

    public static Duration parse(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        if (s.startsWith("-") || s.startsWith("+")) {
            throw new IllegalArgumentException("invalid duration '" + s + "' (e.g. 300s, 10m, 1h30m)");
        }
        try {
            return io.gator.core.module.timedrift.GoDuration.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().contains("292 years") ? e.getMessage()
                    : "invalid duration '" + s + "' (e.g. 300s, 10m, 1h30m)");
        }
    }
}
