package io.gator.cli.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.cli.api.MigApiClient;
import io.gator.cli.launch.GoDuration;
import io.gator.core.action.Action;
import io.gator.core.json.MigJson;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code mig schedule}'s flags and its talk with the API: post a signed series; list, show, cancel orders. */
public final class ScheduleCommand {
    /** The sub-commands besides building a series. */
    public static final List<String> SUBCOMMANDS = List.of("list", "show", "cancel");
    /** The flags of a series, read wherever they stand before the module's flags are parsed. */
    public static final List<String> FLAGS = List.of("-every", "-for", "-start", "-sink");

    /**
     * {@code -every}, {@code -for}, {@code -start} and the repeatable {@code -sink} taken out of the arguments; the
     * rest left for the module.
     */
    public record Flags(Optional<Duration> every, Optional<Duration> span, Optional<java.time.Instant> start,
                        List<String> rest, List<String> sinks) {

        public static Flags take(List<String> args) {
            Optional<Duration> every = Optional.empty();
            Optional<Duration> span = Optional.empty();
            Optional<java.time.Instant> start = Optional.empty();
            List<String> rest = new ArrayList<>();
            List<String> sinks = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String flag = a.startsWith("--") ? a.substring(1) : a;
                if (!FLAGS.contains(flag)) {
                    rest.add(a);
                    continue;
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("flag needs an argument: " + a);
                }
                String v = args.get(++i);
                switch (flag) {
                    case "-every" -> every = Optional.of(duration(v));
                    case "-for" -> span = Optional.of(duration(v));
                    case "-sink" -> sinks.add(sink(v));
                    default -> {
                        try {
                            start = Optional.of(java.time.OffsetDateTime.parse(v).toInstant());
                        } catch (java.time.format.DateTimeParseException e) {
                            throw new IllegalArgumentException("invalid -start '" + v
                                    + "' (RFC 3339, e.g. 2026-03-01T10:00:00Z)");
                        }
                    }
                }
            }
            return new Flags(every, span, start, rest, List.copyOf(sinks));
        }
    }

    /** A {@code -sink} value: jsonl:NAME, webhook:URL or plugin:NAME (the server checks it further). */
    static String sink(String v) {
        if (!v.matches("(jsonl|plugin):[A-Za-z0-9][A-Za-z0-9._-]{0,127}|webhook:https?://\\S+")) {
            throw new IllegalArgumentException("invalid -sink '" + v + "' (jsonl:NAME, webhook:URL or plugin:NAME; "
                    + "NAME a plain file name)");
        }
        return v;
    }

    /** Go's durations plus whole days ({@code 7d}), as a standing order is often counted in days. */
    public static Duration duration(String s) {
        if (s.matches("[0-9]{1,5}d")) {
            return Duration.ofDays(Long.parseLong(s.substring(0, s.length() - 1)));
        }
        return GoDuration.parse(s);
    }

    private final MigApiClient api;
    private final PrintStream out;
    private final PrintStream err;

    public ScheduleCommand(MigApiClient api, PrintStream out, PrintStream err) {
        this.api = api;
        this.out = out;
        this.err = err;
    }

    /** The series as the API takes it (form field {@code schedule}). */
    public static String seriesJson(String name, List<Action> actions) {
        ObjectNode doc = MigJson.mapper().createObjectNode().put("name", name);
        ArrayNode arr = doc.putArray("actions");
        actions.forEach(a -> arr.add(MigJson.mapper().valueToTree(a)));
        return doc.toString();
    }

    /** Posts the series; prints the order's ID (or the order as JSON). */
    public int create(String name, List<Action> signed, boolean json) {
        return create(name, signed, json, List.of(), false);
    }

    /**
     * Posts the series with its result sinks (form field {@code sinks}, one per line) and, when {@code lateReach},
     * every run reaching late agents (form field {@code latereach}, sent only when on); both outside the signatures.
     */
    public int create(String name, List<Action> signed, boolean json, List<String> sinks, boolean lateReach) {
        java.util.Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("schedule", seriesJson(name, signed));
        if (!sinks.isEmpty()) {
            form.put("sinks", String.join("\n", sinks));
        }
        if (lateReach) {
            form.put("latereach", "true");
        }
        JsonNode order = item(api.postForm("schedule/create/", form));
        if (json) {
            out.println(order.toPrettyString());
        } else {
            err.println("standing order " + order.path("id").asLong() + " '" + order.path("name").asText() + "': "
                    + order.path("runs").size() + " runs, the first from " + signed.get(0).validFrom() + ", the last "
                    + "until " + signed.get(signed.size() - 1).expireAfter());
            out.println(order.path("id").asLong());
        }
        return 0;
    }

    /** {@code list}, {@code show ID}, {@code cancel ID}. */
    public int run(String sub, List<String> positional, boolean json) {
        switch (sub) {
            case "list" -> {
                List<JsonNode> orders = orders();
                if (json) {
                    ArrayNode all = MigJson.mapper().createArrayNode();
                    orders.forEach(all::add);
                    out.println(all.toPrettyString());
                    return 0;
                }
                printTable(orders);
                return 0;
            }
            case "show" -> {
                JsonNode o = order(id(positional));
                if (json) {
                    out.println(o.toPrettyString());
                    return 0;
                }
                line(o);
                printRuns(o);
                return 0;
            }
            case "cancel" -> {
                JsonNode o = cancel(id(positional));
                err.println("standing order " + o.path("id").asLong() + " " + o.path("status").asText()
                        + ": no further run will launch (runs already launched go on: mig action cancel <id>)");
                return 0;
            }
            default -> throw new IllegalArgumentException("usage: mig schedule list | show <id> | cancel <id>");
        }
    }

    /** The standing orders as {@code GET schedule/list} gives them. */
    public List<JsonNode> orders() {
        List<JsonNode> orders = new ArrayList<>();
        api.get("schedule/list").path("collection").path("items").forEach(i -> orders.add(i.path("data").get(0).path("value")));
        return orders;
    }

    /** One standing order, its runs included. */
    public JsonNode order(long id) {
        return item(api.get("schedule?id=" + id));
    }

    /** Cancels the runs to come; answers the order as it is then. */
    public JsonNode cancel(long id) {
        return item(api.postForm("schedule/cancel/", "id", Long.toString(id)));
    }

    /** {@code mig schedule list}'s table: id, status, runs launched of all, who posted it, name. */
    public void printTable(List<JsonNode> orders) {
        out.printf("%-20s %-10s %-9s %-12s %s%n", "id", "status", "launched", "posted by", "name");
        orders.forEach(this::line);
    }

    /** One line per run: its number, action, window and status. */
    public void printRuns(JsonNode o) {
        o.path("runs").forEach(r -> out.printf("  run %-4d action %-20d %s .. %s  %s%n", r.path("index").asInt(),
                r.path("actionid").asLong(r.path("actionId").asLong()),
                text(r, "validfrom", "validFrom"), text(r, "expireafter", "expireAfter"), r.path("status").asText()));
    }

    /** How many runs of the order have {@code status} (waiting, launched, missed). */
    public static long runs(JsonNode o, String status) {
        long n = 0;
        for (JsonNode r : o.path("runs")) {
            n += r.path("status").asText().equals(status) ? 1 : 0;
        }
        return n;
    }

    private void line(JsonNode o) {
        out.printf("%-20d %-10s %-9s %-12s %s%n", o.path("id").asLong(), o.path("status").asText(),
                runs(o, "launched") + "/" + o.path("runs").size(), text(o, "postedby", "postedBy"), o.path("name").asText());
    }

    private static String text(JsonNode n, String a, String b) {
        return n.has(a) ? n.path(a).asText() : n.path(b).asText();
    }

    private static JsonNode item(JsonNode envelope) {
        return envelope.path("collection").path("items").path(0).path("data").path(0).path("value");
    }

    private static long id(List<String> positional) {
        if (positional.isEmpty()) {
            throw new IllegalArgumentException("missing standing order id");
        }
        try {
            long id = Long.parseLong(positional.get(0));
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("invalid standing order id '" + positional.get(0) + "'");
    }
}
