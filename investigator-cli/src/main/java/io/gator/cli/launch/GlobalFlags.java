package io.gator.cli.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * MIG's common flags. As in MIG, they are read after the module name until the first flag that is
 * not one of them; everything from there on belongs to the module (so {@code mig ping -t all -p tcp}
 * gives {@code -t} to the target and {@code -p} to ping).
 */
public final class GlobalFlags {
    public boolean printAndExit;
    public Optional<Path> migrc = Optional.empty();
    public String show = "found";
    public String target = "";
    public String targetFound = "";
    public String targetNotFound = "";
    public Duration expiration = Duration.ofSeconds(300);
    public Optional<Path> actionFile = Optional.empty();
    public String name = "";
    public boolean signAndPrint;
    public boolean verbose;
    public boolean version;
    public boolean compress;
    public String render = "text";
    public boolean yes;
    public boolean json;
    /** Launch even when no agent matches the target. */
    public boolean force;
    /** Gator's late reach: agents that start matching during the window get the command too (server side). */
    public boolean lateReach;
    /** Gator's paced dispatch (server side): commands per second at most, 0 = the server's pace. */
    public int pace;
    /** Gator's paced dispatch: commands sent and not answered yet at most, 0 = no cap of the action's own. */
    public int inFlight;
    /** The largest -pace or -inflight (the API's limit). */
    public static final int PACE_MAX = 1_000_000;
    /** What is left for the module. */
    public final List<String> moduleArgs = new ArrayList<>();

    /** Splits {@code args} (after the module name) into common flags and module flags. */
    /** Whether {@code arg} is one of the common flags (which go before the module's flags). */
    public static boolean isCommon(String arg) {
        String flag = arg.startsWith("--") ? arg.substring(1) : arg;
        flag = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
        return COMMON.contains(flag);
    }

    /** The common flags (which go before the module's flags), aliases included. */
    public static final List<String> COMMON = List.of("-p", "-s", "-v", "-V", "-z", "-yes", "-y", "-json", "-force",
            "-c", "-show", "-t", "-target-found", "-target-notfound", "-e", "-i", "-n", "-render",
            "-latereach", "-pace", "-inflight");
    /** The values of {@code -show}. */
    public static final List<String> SHOW = List.of("found", "notfound", "all");
    /** The values of {@code -render} for a launch ({@code mig action results} adds csv). */
    public static final List<String> RENDER = List.of("text", "json");

    /**
     * A flag word as Go's flag package reads it: {@code --f} as {@code -f}, {@code -f=v} split into the flag and its
     * inline value ({@code null} when there is none).
     */
    public record FlagWord(String flag, String inline) {
        public static FlagWord of(String raw) {
            String flag = raw.startsWith("--") ? raw.substring(1) : raw;
            int eq = flag.indexOf('=');
            return eq > 0 ? new FlagWord(flag.substring(0, eq), flag.substring(eq + 1)) : new FlagWord(flag, null);
        }
    }

    public static GlobalFlags parse(List<String> args) {
        GlobalFlags g = new GlobalFlags();
        int i = 0;
        for (; i < args.size(); i++) {
            String raw = args.get(i);
            if (!raw.startsWith("-")) {
                break;
            }
            FlagWord word = FlagWord.of(raw);
            String flag = word.flag();
            String inline = word.inline();
            boolean known = true;
            switch (flag) {
                case "-p" -> g.printAndExit = true;
                case "-s" -> g.signAndPrint = true;
                case "-v" -> g.verbose = true;
                case "-V" -> g.version = true;
                case "-z" -> g.compress = true;
                case "-yes", "-y" -> g.yes = true;
                case "-json" -> g.json = true;
                case "-force" -> g.force = true;
                case "-latereach" -> g.lateReach = true;
                case "-c", "-show", "-t", "-target-found", "-target-notfound", "-e", "-i", "-n", "-render", "-pace",
                     "-inflight" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException("flag needs an argument: " + raw);
                        }
                        value = args.get(++i);
                    }
                    g.set(flag, value);
                }
                default -> known = false;
            }
            if (!known) {
                break;
            }
        }
        g.moduleArgs.addAll(args.subList(i, args.size()));
        g.validate();
        return g;
    }

    private void set(String flag, String value) {
        switch (flag) {
            case "-c" -> migrc = Optional.of(Path.of(value));
            case "-show" -> show = value;
            case "-t" -> target = value;
            case "-target-found" -> targetFound = value;
            case "-target-notfound" -> targetNotFound = value;
            case "-e" -> expiration = GoDuration.parse(value);
            case "-i" -> actionFile = Optional.of(Path.of(value));
            case "-n" -> name = value;
            case "-render" -> render = value;
            case "-pace" -> pace = paceValue(flag, value, "commands per second");
            case "-inflight" -> inFlight = paceValue(flag, value, "commands in flight");
            default -> throw new IllegalStateException(flag);
        }
    }

    private static int paceValue(String flag, String value, String what) {
        String v = value.trim();
        if (v.isEmpty() || v.length() > 7 || !v.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(v) < 1 || Integer.parseInt(v) > PACE_MAX) {
            throw new IllegalArgumentException("invalid " + flag + " '" + value + "': an integer from 1 to " + PACE_MAX
                    + " (" + what + ")");
        }
        return Integer.parseInt(v);
    }

    private void validate() {
        if (!SHOW.contains(show)) {
            throw new IllegalArgumentException("invalid -show '" + show + "': found, notfound or all");
        }
        if (!RENDER.contains(render)) {
            throw new IllegalArgumentException("invalid -render '" + render + "': text or json");
        }
        if (!targetFound.isEmpty() && !targetNotFound.isEmpty()) {
            throw new IllegalArgumentException("-target-found and -target-notfound cannot be used together");
        }
        if (expiration.isNegative() || expiration.isZero()) {
            throw new IllegalArgumentException("-e must be a positive duration");
        }
        if (render.equals("json")) {
            json = true;
        }
    }
}
