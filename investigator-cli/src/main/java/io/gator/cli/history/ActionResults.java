package io.gator.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.cli.api.ApiException;
import io.gator.cli.api.MigApiClient;
import io.gator.cli.launch.ResultLines;
import io.gator.core.action.Operation;
import io.gator.core.command.Command;
import io.gator.core.command.CommandStatus;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code mig action results}: a past action's results read again, page by page, as MIG's result lines
 * (text) or as flat rows, one per agent per element (JSON lines or CSV).
 */
public final class ActionResults {
    /** Commands per page of Gator's results endpoint (its maximum). */
    static final int PAGE = 1000;
    /** Commands per page of MIG's search, which a stock MIG API caps at its own search limit. */
    static final int SEARCH_PAGE = 100;

    private final MigApiClient api;
    private final ResultLines printer;
    private final PrintStream out;
    private final PrintStream err;

    public ActionResults(MigApiClient api, ResultLines printer, PrintStream out, PrintStream err) {
        this.api = api;
        this.printer = printer;
        this.out = out;
        this.err = err;
    }

    /** The values of {@code -render} here. */
    public static final List<String> RENDERS = List.of("text", "json", "csv");

    /** Prints the results of action {@code id}; {@code show} is found, notfound or all; 0 when done. */
    public int print(long id, String show, String render) {
        switch (render) {
            case "text" -> eachCommand(id, c -> text(c, show));
            case "json" -> eachCommand(id, c -> rows(c, show).forEach(r -> out.println(MigJson.write(r))));
            case "csv" -> {
                List<ObjectNode> rows = new ArrayList<>();
                eachCommand(id, c -> rows.addAll(rows(c, show)));
                csv(rows);
            }
            default -> throw new IllegalArgumentException("invalid -render '" + render + "': text, json or csv");
        }
        return 0;
    }

    /**
     * Removes {@code -render X} (or {@code -render=X}) from {@code args} and answers X, "text" when absent: the
     * common flags know text and json only, and csv is for this command alone.
     */
    public static String takeRender(List<String> args) {
        String render = "text";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i).startsWith("--") ? args.get(i).substring(1) : args.get(i);
            if (a.startsWith("-render=")) {
                render = a.substring("-render=".length());
                args.remove(i--);
            } else if (a.equals("-render")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("flag needs an argument: -render");
                }
                render = args.get(i + 1);
                args.remove(i + 1);
                args.remove(i--);
            }
        }
        return render;
    }

    /**
     * One line on what the action's agents answered: how many found something, found nothing, or did not
     * succeed (by status); reads every command, as {@code results} does.
     */
    public String summary(long id) {
        int[] found = new int[2];
        Map<String, Integer> other = new java.util.TreeMap<>();
        eachCommand(id, c -> {
            if (!c.status().equals(CommandStatus.SUCCESS)) {
                other.merge(c.status(), 1, Integer::sum);
            } else {
                found[found(c) ? 0 : 1]++;
            }
        });
        StringBuilder sb = new StringBuilder("results: " + found[0] + " found, " + found[1] + " not found");
        other.forEach((status, n) -> sb.append(", ").append(n).append(' ').append(status));
        return sb.toString();
    }

    /** Every command of the action in command order: Gator's results endpoint, else MIG's search. */
    private void eachCommand(long id, Consumer<Command> each) {
        boolean gator = true;
        for (int offset = 0; ; ) {
            List<Command> page;
            if (gator) {
                try {
                    page = commands(api.get("action/results?actionid=" + id + "&limit=" + PAGE + "&offset=" + offset));
                } catch (ApiException e) {
                    // a stock MIG API has no such endpoint; Gator's 404 for an unknown action names it
                    if (e.status() != 404 || offset > 0 || e.getMessage().startsWith("Action ID")) {
                        throw e;
                    }
                    gator = false;
                    continue;
                }
            } else {
                page = api.commands(id, SEARCH_PAGE, offset, "");
            }
            page.forEach(each);
            int size = gator ? PAGE : SEARCH_PAGE;
            if (page.size() < size) {
                return;
            }
            offset += size;
        }
    }

    private static List<Command> commands(JsonNode envelope) {
        return MigApiClient.values(envelope, "command").stream()
                .map(v -> MigJson.mapper().convertValue(v, Command.class)).toList();
    }

    private static boolean found(Command c) {
        return c.results().stream().anyMatch(Result::foundAnything);
    }

    private static boolean shown(Command c, String show) {
        return switch (show) {
            case "found" -> found(c);
            case "notfound" -> !found(c);
            default -> true;
        };
    }

    /** MIG's result lines, each prefixed by the agent's name; "all" adds each command's status. */
    private void text(Command c, String show) {
        if (!shown(c, show)) {
            return;
        }
        String prefix = c.agent().name() + " ";
        boolean onlyFound = show.equals("found");
        if (!c.status().equals(CommandStatus.SUCCESS)) {
            err.println(prefix + "command did not succeed. status=" + c.status());
            return;
        }
        List<Operation> ops = c.action().operations();
        for (int i = 0; i < c.results().size() && i < ops.size(); i++) {
            for (String line : printer.lines(ops.get(i).module(), c.results().get(i), onlyFound)) {
                out.println(prefix + line);
            }
        }
        if (!onlyFound) {
            out.println(prefix + "command " + c.status());
        }
    }

    /** One row per element of each operation's result (an object's entries, an array's items), else one per result. */
    static List<ObjectNode> rows(Command c, String show) {
        List<ObjectNode> out = new ArrayList<>();
        if (!shown(c, show)) {
            return out;
        }
        List<Operation> ops = c.action().operations();
        if (c.results().isEmpty()) {
            out.add(row(c, "", false, "", null));
        }
        for (int i = 0; i < c.results().size(); i++) {
            Result r = c.results().get(i);
            String module = i < ops.size() ? ops.get(i).module() : "";
            JsonNode e = r.elements();
            if (e.isObject() && e.size() > 0) {
                for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    out.add(row(c, module, r.foundAnything(), f.getKey(), f.getValue()));
                }
            } else if (e.isArray() && e.size() > 0) {
                for (int j = 0; j < e.size(); j++) {
                    out.add(row(c, module, r.foundAnything(), String.valueOf(j), e.get(j)));
                }
            } else {
                out.add(row(c, module, r.foundAnything(), "", e.isNull() || e.isMissingNode() ? null : e));
            }
        }
        return out;
    }

    private static ObjectNode row(Command c, String module, boolean found, String element, JsonNode value) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("agent", c.agent().name()).put("agentid", c.agent().id()).put("commandid", c.id())
                .put("status", c.status()).put("module", module).put("found", found).put("element", element);
        if (value != null) {
            flatten(o, "", value);
        }
        return o;
    }

    /** Nested objects as dotted names; arrays and scalars as values (arrays kept as JSON). */
    private static void flatten(ObjectNode into, String prefix, JsonNode v) {
        if (v.isObject()) {
            v.fields().forEachRemaining(f -> flatten(into, prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(),
                    f.getValue()));
        } else {
            String name = prefix.isEmpty() ? "value" : prefix;
            into.set(into.has(name) ? "value." + name : name, v);
        }
    }

    private void csv(List<ObjectNode> rows) {
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> r.fieldNames().forEachRemaining(columns::add));
        out.println(String.join(",", columns.stream().map(ActionResults::cell).toList()));
        for (ObjectNode r : rows) {
            List<String> cells = new ArrayList<>();
            for (String col : columns) {
                JsonNode v = r.get(col);
                cells.add(cell(v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : MigJson.write(v)));
            }
            out.println(String.join(",", cells));
        }
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break. */
    static String cell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
