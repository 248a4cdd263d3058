package io.gator.cli.history;

import io.gator.cli.api.ApiException;
import io.gator.cli.api.MigApiClient;
import io.gator.cli.launch.Launcher;
import io.gator.core.action.Action;
import io.gator.core.investigator.Investigator;
import io.gator.core.json.MigJson;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code mig action list}: past actions, newest first, through MIG's action search; one line each (ID, name,
 * status, investigators, start time, counters).
 */
public final class ActionList {
    /** Actions listed when {@code -limit} is not given. */
    static final int DEFAULT_LIMIT = 20;

    private final MigApiClient api;
    private final PrintStream out;

    public ActionList(MigApiClient api, PrintStream out) {
        this.api = api;
        this.out = out;
    }

    /** The flags of {@code mig action list} (for completion; {@link #list} reads them). */
    public static final List<String> FLAGS = List.of("-status", "-investigator", "-name", "-after", "-before", "-limit",
            "-json", "-c");

    /** Lists with flags -status, -investigator, -name, -after, -before (RFC 3339), -limit; -json for raw actions. */
    public int list(List<String> args) throws Exception {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("type", "action");
        q.put("limit", String.valueOf(DEFAULT_LIMIT));
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i).startsWith("--") ? args.get(i).substring(1) : args.get(i);
            if (flag.equals("-json")) {
                json = true;
                continue;
            }
            if (flag.equals("-c")) {
                i++; // read by configFlag
                continue;
            }
            String param = switch (flag) {
                case "-status" -> "status";
                case "-investigator" -> "investigatorname";
                case "-name" -> "actionname";
                case "-after" -> "after";
                case "-before" -> "before";
                case "-limit" -> "limit";
                default -> throw new IllegalArgumentException("unknown flag '" + args.get(i)
                        + "': mig action list [-status S] [-investigator I] [-name N] [-after T] [-before T] [-limit N] [-json]");
            };
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("flag needs an argument: " + args.get(i));
            }
            String value = args.get(++i);
            check(param, value);
            q.put(param, value);
        }
        String query = q.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        List<Action> actions;
        try {
            actions = MigApiClient.values(api.get("search?" + query), "action").stream()
                    .map(v -> MigJson.mapper().convertValue(v, Action.class)).toList();
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            actions = List.of(); // MIG answers an empty search with 404 "no results found"
        }
        if (json) {
            out.println(MigJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(actions));
            return 0;
        }
        for (Action a : actions) {
            out.printf("%-8d %-30s %-10s %-20s %s  %s%n", a.id(), a.name(), a.status(),
                    a.investigators().stream().map(Investigator::name).collect(Collectors.joining(",")),
                    a.startTime(), Launcher.counters(a.counters()));
        }
        return 0;
    }

    /** The {@code -c FILE} among {@code args}, as common flags to parse; empty when absent. */
    public static List<String> configFlag(List<String> args) {
        int i = args.indexOf("-c");
        return i >= 0 && i + 1 < args.size() ? List.of("-c", args.get(i + 1)) : List.of();
    }

    private static void check(String param, String value) {
        switch (param) {
            case "after", "before" -> {
                try {
                    OffsetDateTime.parse(value);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("-" + param + " must be an RFC 3339 time, got '" + value + "'");
                }
            }
            case "limit" -> {
                if (!value.matches("[0-9]{1,9}")) {
                    throw new IllegalArgumentException("-limit must be a whole number, got '" + value + "'");
                }
            }
            default -> { }
        }
    }
}
