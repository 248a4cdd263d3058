package io.gator.cli.launch;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's {@code time.ParseDuration} for positive durations (units h, m, s, ms, us, µs, ns; decimals). */
public final class GoDuration {
    // as Go: ".5h" and "5.h" are numbers; "ms" is tried before "m"; both micro signs are accepted
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(h|ms|m|s|us|\u00b5s|\u03bcs|ns)");

    private GoDuration() {}

    public static Duration parse(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        Matcher m = PART.matcher(s);
        int pos = 0;
        double nanos = 0;
        while (m.find() && m.start() == pos) {
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "h" -> 3.6e12;
                case "m" -> 6e10;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "\u00b5s", "\u03bcs" -> 1e3;
                default -> 1;
            };
            pos = m.end();
        }
        if (pos != s.length()) {
            throw new IllegalArgumentException("invalid duration '" + s + "' (e.g. 300s, 10m, 1h30m)");
        }
        return Duration.ofNanos((long) nanos);
    }
}
