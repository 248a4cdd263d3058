package io.gator.cli.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.api.ApiException;
import io.gator.cli.schedule.ScheduleCommand;
import java.io.PrintStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Standing orders in the console (Gator's addition, {@code mig schedule}): the list, and a reader for one order with
 * its details, runs and JSON; cancel goes through {@code mig schedule cancel}. A MIG API has no schedule routes:
 * its 404 is said as "not offered".
 */
final class ScheduleReader {
    static final String NOT_OFFERED = "standing orders are not offered by this API (a MIG API without Gator's "
            + "schedule routes)";

    private final ConsoleSession s;

    ScheduleReader(ConsoleSession session) {
        this.s = session;
    }

    private ScheduleCommand command(PrintStream out) {
        return new ScheduleCommand(s.api(), out, s.err());
    }

    /** {@code schedules}, {@code schedule list}: one line per order, as {@code mig schedule list}. */
    void list(PrintStream out) {
        List<JsonNode> orders;
        try {
            orders = command(out).orders();
        } catch (ApiException e) {
            if (e.status() == 404) {
                out.println(NOT_OFFERED);
                return;
            }
            throw e;
        }
        if (orders.isEmpty()) {
            out.println("no standing order");
            return;
        }
        command(out).printTable(orders);
        out.println(orders.size() + " standing order" + (orders.size() == 1 ? "" : "s"));
    }

    /** Entering the reader: the order must exist; a short header as the other readers print. */
    Optional<ConsoleContext> enter(long id, PrintStream out) {
        Optional<JsonNode> found = order(id, out);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        JsonNode o = found.get();
        out.println("Entering standing order reader mode. Type exit or press ctrl+d to leave. help may help.");
        out.printf("Standing order: '%s'.%nPosted by '%s' on '%s'.%nStatus '%s', %d of %d runs launched.%n",
                o.path("name").asText(), o.path("postedby").asText(), o.path("createdat").asText(),
                o.path("status").asText(), ScheduleCommand.runs(o, "launched"), o.path("runs").size());
        return Optional.of(new ConsoleContext.InSchedule(id));
    }

    /** The order; empty (said on {@code out}) when the API offers no standing orders at all. */
    private Optional<JsonNode> order(long id, PrintStream out) {
        try {
            return Optional.of(command(out).order(id));
        } catch (ApiException e) {
            if (e.status() != 404 || offered()) {
                throw e;
            }
            out.println(NOT_OFFERED);
            return Optional.empty();
        }
    }

    /** Whether the API has the schedule routes (a missing order is a 404 too). */
    private boolean offered() {
        try {
            s.api().get("schedule/list?limit=1");
            return true;
        } catch (ApiException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    ConsoleContext run(ConsoleContext.InSchedule ctx, List<String> words, PrintStream out) throws Exception {
        long id = ctx.id();
        switch (words.get(0)) {
            case "details", "r" -> {
                Optional<JsonNode> o = order(id, out);
                if (o.isPresent()) {
                    details(o.get(), out);
                }
            }
            case "runs" -> order(id, out).ifPresent(o -> runs(o, words.subList(1, words.size()), out));
            case "json" -> order(id, out).ifPresent(o -> out.println(o.toPrettyString()));
            case "cancel" -> s.mig("schedule", "cancel", String.valueOf(id));
            case "help" -> out.print(help());
            case "exit" -> {
                return new ConsoleContext.TopLevel();
            }
            default -> out.println("Unknown order '" + words.get(0) + "'. You are in standing order reader mode. "
                    + "Try `help`.");
        }
        return ctx;
    }

    /** {@code runs [waiting|launched|missed|all]}: one line per run, as {@code mig schedule show}. */
    private void runs(JsonNode o, List<String> args, PrintStream out) {
        String status = args.isEmpty() ? "all" : args.get(0);
        if (!RUN_STATUSES.contains(status) || args.size() > 1) {
            throw new IllegalArgumentException("usage: runs [waiting|launched|missed|all]");
        }
        com.fasterxml.jackson.databind.node.ObjectNode shown = o.deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode kept = shown.putArray("runs");
        o.path("runs").forEach(r -> {
            if (status.equals("all") || r.path("status").asText().equals(status)) {
                kept.add(r);
            }
        });
        command(out).printRuns(shown);
        out.println(kept.size() + " run" + (kept.size() == 1 ? "" : "s")
                + (status.equals("all") ? "" : " " + status) + " (action <id> reads a launched run)");
    }

    /** The statuses {@code runs} filters on. */
    static final List<String> RUN_STATUSES = List.of("waiting", "launched", "missed", "all");

    private static void details(JsonNode o, PrintStream out) {
        JsonNode next = null;
        for (JsonNode r : o.path("runs")) {
            if (o.path("status").asText().equals("active") && r.path("status").asText().equals("waiting")) {
                next = r;
                break;
            }
        }
        out.printf("ID         %d%nName       %s%nStatus     %s%nPosted by  %s%nCreated    %s%nEvery      %s%n"
                        + "Runs       %d: %d launched, %d missed, %d waiting%nFirst      %s%nLast until %s%nNext run   %s%n",
                o.path("id").asLong(), o.path("name").asText(), o.path("status").asText(), o.path("postedby").asText(),
                o.path("createdat").asText(), every(o), o.path("runs").size(), ScheduleCommand.runs(o, "launched"),
                ScheduleCommand.runs(o, "missed"), ScheduleCommand.runs(o, "waiting"),
                o.path("runs").path(0).path("validfrom").asText("-"),
                o.path("runs").path(o.path("runs").size() - 1).path("expireafter").asText("-"),
                next == null ? "-" : "run " + next.path("index").asInt() + ", window opens "
                        + next.path("validfrom").asText());
    }

    /** The period between runs, from the first two windows ("-" for a single run). */
    static String every(JsonNode o) {
        JsonNode runs = o.path("runs");
        if (runs.size() < 2) {
            return "-";
        }
        try {
            Duration d = Duration.between(OffsetDateTime.parse(runs.get(0).path("validfrom").asText()),
                    OffsetDateTime.parse(runs.get(1).path("validfrom").asText()));
            return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
        } catch (DateTimeParseException e) {
            return "-";
        }
    }

    static String help() {
        return String.join("\n",
                "standing order reader mode:",
                "  details | r                  name, status, period, runs launched, missed and waiting, next run",
                "  runs [waiting|launched|missed|all]   one line per run: action id, window, status",
                "  json                         the order as JSON",
                "  cancel                       no further run launches (launched runs go on: action <id>, cancel)",
                "  exit                         back to the top level (also ctrl+d)",
                "any command may end with '| grep REGEX' or '| grep -v REGEX'",
                "");
    }

    /** {@code schedule help}: the top level's standing order orders, as {@code search help} explains search. */
    static String usage() {
        return String.join("\n",
                "standing orders (series of actions signed in advance, one per run: mig schedule):",
                "  schedules | schedule list    one line per order: id, status, runs launched/all, poster, name",
                "  schedule <id>                enter standing order reader mode (details, runs, json, cancel)",
                "  a new order is signed with mig schedule <module> ... -every <duration> -for <duration>",
                "");
    }
}
