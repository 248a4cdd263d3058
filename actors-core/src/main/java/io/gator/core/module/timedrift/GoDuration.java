package io.gator.core.module.timedrift;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's {@code time.ParseDuration}: {@code 5s}, {@code 1m30s}, {@code 250ms}, {@code 1.5h}, {@code .5h}, signed. */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)");

    private GoDuration() {}

    public static Duration parse(String s) {
        String t = s;
        boolean neg = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            neg = t.startsWith("-");
            t = t.substring(1);
        }
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (t.isEmpty()) {
            throw new IllegalArgumentException("invalid duration '" + s + "'");
        }
        Matcher m = PART.matcher(t);
        int pos = 0;
        double nanos = 0;
        while (pos < t.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("invalid duration '" + s + "'");
            }
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs", "μs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            pos = m.end();
        }
        // Go's durations are int64 nanoseconds (about 292 years); Go refuses larger ones rather than clamping
        if (!(nanos < 0x1p63)) {
            throw new IllegalArgumentException("invalid duration '" + s + "': longer than Go's limit of about 292 years");
        }
        Duration d = Duration.ofNanos(Math.round(nanos));
        return neg ? d.negated() : d;
    }
}
