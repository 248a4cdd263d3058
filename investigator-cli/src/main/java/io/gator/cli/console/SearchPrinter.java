package io.gator.cli.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.api.MigApiClient;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** Search results as MIG console's tables, one line per action, agent, command, investigator, loader or manifest. */
final class SearchPrinter {
    private SearchPrinter() {}

    static void print(String type, JsonNode envelope, PrintStream out) {
        List<JsonNode> values = MigApiClient.values(envelope, type);
        switch (type) {
            case "action" -> {
                out.printf("%-20s %-30s %-30s %-16s %6s %-10s %s%n", "ID", "NAME", "TARGET", "INVESTIGATORS", "SENT",
                        "STATUS", "LAST UPDATED");
                values.forEach(v -> out.printf("%-20s %-30s %-30s %-16s %6s %-10s %s%n", v.path("id").asText(),
                        cut(v.path("name").asText().strip(), 30), cut(v.path("target").asText(), 30),
                        cut(StreamSupport.stream(v.path("investigators").spliterator(), false)
                                .map(i -> i.path("name").asText()).collect(Collectors.joining(",")), 16),
                        v.path("counters").path("sent").asText("0"), v.path("status").asText(),
                        v.path("lastupdatetime").asText()));
            }
            case "agent" -> {
                out.printf("%-20s %-30s %-12s %s%n", "ID", "NAME", "STATUS", "LAST HEARTBEAT");
                values.forEach(v -> out.printf("%-20s %-30s %-12s %s%n", v.path("id").asText(),
                        cut(v.path("name").asText(), 30), v.path("status").asText(), v.path("heartbeatts").asText()));
            }
            case "command" -> {
                out.printf("%-20s %-20s %-30s %-10s %s%n", "ID", "AGENT", "ACTION", "STATUS", "FINISHED");
                values.forEach(v -> out.printf("%-20s %-20s %-30s %-10s %s%n", v.path("id").asText(),
                        cut(v.path("agent").path("name").asText(), 20), cut(v.path("action").path("name").asText().strip(), 30),
                        v.path("status").asText(), v.path("finishtime").asText()));
            }
            case "loader" -> io.gator.cli.loader.LoaderCommand.table(values, out);
            case "manifest" -> io.gator.cli.loader.ManifestCommand.table(values, out);
            default -> {
                out.printf("%-8s %-30s %-10s %s%n", "ID", "NAME", "STATUS", "PERMISSIONS");
                values.forEach(v -> out.printf("%-8s %-30s %-10s %s%n", v.path("id").asText(),
                        cut(v.path("name").asText(), 30), v.path("status").asText(), permissions(v.path("permissions"))));
            }
        }
        out.println(values.size() + " " + type + (values.size() == 1 ? "" : "s") + " found");
    }

    /** The granted permission names, or "admin" when every one is granted. */
    static String permissions(JsonNode p) {
        if (!p.isObject() || p.isEmpty()) {
            return "";
        }
        List<String> granted = StreamSupport.stream(((Iterable<java.util.Map.Entry<String, JsonNode>>) p::fields)
                .spliterator(), false).filter(e -> e.getValue().asBoolean()).map(java.util.Map.Entry::getKey).toList();
        return granted.size() == p.size() ? "admin (all)" : String.join(",", granted);
    }

    static String cut(String s, int width) {
        return s.length() > width ? s.substring(0, width - 3) + "..." : s;
    }
}
