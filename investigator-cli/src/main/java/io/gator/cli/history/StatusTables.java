package io.gator.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.launch.Launcher;
import io.gator.core.action.Action;
import io.gator.core.investigator.Investigator;
import io.gator.core.json.MigJson;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code mig status}: MIG's dashboard as two tables, the agent statistics (counts by version indented under
 * their total) and the latest actions (one line each).
 */
public final class StatusTables {
    private StatusTables() {}

    public static void print(JsonNode dashboard, PrintStream out) {
        List<JsonNode> actions = new ArrayList<>();
        out.printf("%-36s %s%n", "AGENTS", "COUNT");
        for (JsonNode item : dashboard.path("collection").path("items")) {
            for (JsonNode d : item.path("data")) {
                String name = d.path("name").asText();
                JsonNode v = d.path("value");
                if (name.equals("action")) {
                    actions.add(v);
                } else if (v.isArray()) {
                    for (JsonNode byVersion : v) {
                        out.printf("  %-34s %s%n", byVersion.path("version").asText(), byVersion.path("count").asText());
                    }
                } else if (!v.isNull()) {
                    out.printf("%-36s %s%n", name, v.isValueNode() ? v.asText() : v.toString());
                }
            }
        }
        if (actions.isEmpty()) {
            return;
        }
        out.println();
        out.printf("%-16s %-30s %-10s %-16s %s%n", "LATEST ACTIONS", "NAME", "STATUS", "INVESTIGATORS", "COMMANDS");
        for (JsonNode v : actions) {
            Action a = MigJson.mapper().convertValue(v, Action.class);
            out.printf("%-16d %-30s %-10s %-16s %s%n", a.id(), a.name().strip(), a.status(),
                    a.investigators().stream().map(Investigator::name).collect(Collectors.joining(",")),
                    Launcher.counters(a.counters()));
        }
    }
}
