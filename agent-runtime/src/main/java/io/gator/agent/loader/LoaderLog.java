package io.gator.agent.loader;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * The loader's log: one line per step on standard output (journald keeps it for the timer's runs), with the
 * time and mig-loader's levels, e.g. {@code 2026-12-03T04:00:00Z [info] 2 valid signatures in manifest}.
 */
public final class LoaderLog {
    private final PrintWriter out;
    private final Clock clock;

    public LoaderLog(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public void info(String message) {
        line("info", message);
    }

    public void warn(String message) {
        line("warning", message);
    }

    public void error(String message) {
        line("error", message);
    }

    private void line(String level, String message) {
        out.println(clock.instant().truncatedTo(ChronoUnit.SECONDS) + " [" + level + "] " + message);
        out.flush();
    }
}
