package io.gator.cli.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.json.GoJson;
import java.util.List;

/**
 * Loader entries and manifest records printed as mig-console prints them: Go's {@code json.MarshalIndent} (two
 * spaces) or {@code json.Marshal} of MIG's structs, fields in the structs' order, Go's string escaping.
 */
public final class MigRecords {
    /** mig.LoaderEntry's fields in order. */
    static final List<String> LOADER_FIELDS = List.of("id", "name", "prefix", "key", "agentname", "lastseen",
            "enabled", "expectenv");
    /** mig.ManifestRecord's fields in order. */
    static final List<String> MANIFEST_FIELDS = List.of("id", "name", "content", "timestamp", "status", "target",
            "signatures");

    private MigRecords() {}

    /** The loader entry with MIG's fields in MIG's order (missing ones as Go's zero values). */
    public static ObjectNode loader(JsonNode v) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", v.path("id").asLong());
        o.put("name", v.path("name").asText(""));
        o.put("prefix", v.path("prefix").asText(""));
        o.put("key", v.path("key").asText(""));
        o.put("agentname", v.path("agentname").asText(""));
        o.put("lastseen", v.path("lastseen").asText("0001-01-01T00:00:00Z"));
        o.put("enabled", v.path("enabled").asBoolean());
        o.put("expectenv", v.path("expectenv").asText(""));
        return o;
    }

    /** The manifest record as the console's {@code json} shows it: content replaced by "..." (or "None"). */
    public static ObjectNode manifest(JsonNode v) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", v.path("id").asLong());
        o.put("name", v.path("name").asText(""));
        o.put("content", v.path("content").asText("").isEmpty() ? "None" : "...");
        o.put("timestamp", v.path("timestamp").asText("0001-01-01T00:00:00Z"));
        o.put("status", v.path("status").asText(""));
        o.put("target", v.path("target").asText(""));
        JsonNode sigs = v.path("signatures");
        if (sigs.isArray()) {
            o.set("signatures", sigs.deepCopy());
        } else {
            o.putNull("signatures");
        }
        return o;
    }

    /** A time as MIG's tables print it ({@code time.RFC3339} in UTC, whole seconds); unreadable ones as they came. */
    public static String seconds(String time) {
        try {
            return java.time.OffsetDateTime.parse(time).atZoneSameInstant(java.time.ZoneOffset.UTC)
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toOffsetDateTime().toString().replace("+00:00", "Z");
        } catch (java.time.format.DateTimeParseException e) {
            return time;
        }
    }

    /** Go's {@code json.MarshalIndent(v, "", "  ")} of a tree whose fields are already in order. */
    public static String indent(JsonNode node) {
        StringBuilder sb = new StringBuilder(256);
        indent(node, sb, "");
        return sb.toString();
    }

    /** Go's {@code json.Marshal} of a tree whose fields are already in order. */
    public static String compact(JsonNode node) {
        StringBuilder sb = new StringBuilder(256);
        indent(node, sb, null);
        return sb.toString();
    }

    private static void indent(JsonNode node, StringBuilder sb, String pad) {
        String inner = pad == null ? null : pad + "  ";
        if (node.isObject() && node.size() > 0) {
            sb.append('{');
            boolean first = true;
            for (var it = node.fields(); it.hasNext(); ) {
                var f = it.next();
                sb.append(first ? "" : ",");
                first = false;
                newline(sb, inner);
                GoJson.writeString(f.getKey(), sb);
                sb.append(pad == null ? ":" : ": ");
                indent(f.getValue(), sb, inner);
            }
            newline(sb, pad);
            sb.append('}');
        } else if (node.isArray() && node.size() > 0) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                sb.append(i == 0 ? "" : ",");
                newline(sb, inner);
                indent(node.get(i), sb, inner);
            }
            newline(sb, pad);
            sb.append(']');
        } else if (node.isIntegralNumber()) {
            sb.append(node.asLong());
        } else {
            GoJson.write(node, sb);
        }
    }

    private static void newline(StringBuilder sb, String pad) {
        if (pad != null) {
            sb.append('\n').append(pad);
        }
    }
}
