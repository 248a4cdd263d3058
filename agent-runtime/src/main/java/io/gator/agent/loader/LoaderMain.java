package io.gator.agent.loader;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.gator.agent.AgentMain;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code gator loader [-c FILE] [-check]}: one loader run (the systemd timer's service runs it), from the agent's
 * own jar ({@code java -jar gator-agent.jar loader ...}) or the platform's ({@code gator loader}).
 */
public final class LoaderMain {
    private LoaderMain() {}

    public static int run(String[] args, PrintWriter out, PrintWriter err) throws InterruptedException {
        Path file = Path.of(System.getProperty("gator.home", "."), "config", "loader.conf");
        boolean check = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "loader" -> { } // as typed after gator
                case "-c", "--config" -> {
                    if (++i == args.length) {
                        err.println("gator loader: " + args[i - 1] + " needs a FILE");
                        err.flush();
                        return LoaderRun.USAGE;
                    }
                    file = Path.of(args[i]);
                }
                case "-check", "--check" -> check = true;
                case "-h", "--help" -> {
                    usage(out);
                    out.flush();
                    return LoaderRun.OK;
                }
                default -> {
                    err.println("gator loader: unknown argument '" + args[i] + "' (try --help)");
                    err.flush();
                    return LoaderRun.USAGE;
                }
            }
        }
        LoaderSettings settings;
        try {
            settings = LoaderSettings.from(AgentMain.load(file));
        } catch (IllegalArgumentException | ConfigException | java.io.UncheckedIOException e) {
            err.println("gator loader: " + e.getMessage());
            err.flush();
            return LoaderRun.FAILED;
        }
        LoaderLog log = new LoaderLog(out, Clock.systemUTC());
        log.info("using configuration from " + file);
        HttpClient http;
        try {
            http = LoaderApi.client(settings);
        } catch (IllegalArgumentException e) {
            err.println("gator loader: " + e.getMessage());
            err.flush();
            return LoaderRun.FAILED;
        }
        return new LoaderRun(settings, new LoaderApi(http, settings), log, Clock.systemUTC(),
                HeartbeatWait.Sleeper.REAL).run(check);
    }

    static void usage(PrintWriter out) {
        out.println("Usage: gator loader [-c FILE] [-check]");
        out.println("  -c, --config FILE  HOCON config, gator.loader (default: config/loader.conf under $GATOR_HOME)");
        out.println("  -check             ask the API and compare, report what would change; fetch and change nothing");
        out.println("One run: the signed manifest of this host's loader entry, the changed files fetched, checked,");
        out.println("swapped in (previous versions kept as .old), the agent restarted and rolled back unless it");
        out.println("heartbeats in time (docs/loader.md).");
        out.println("Exit codes: 0 up to date or updated, 1 refused or failed (nothing changed), 2 usage error,");
        out.println("4 -check: files would change, 5 updated but rolled back (no heartbeat; the manifest is");
        out.println("remembered and not retried). 3 is the JVM's own exit on running out of memory.");
    }
}
