package io.gator.core.module;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads module parameters from JSON with errors naming the field (a JSON path). Absent or null values
 * read as Go zero values, as MIG's decoder does.
 */
public final class ParamReader {
    private ParamReader() {}

    /** The object at {@code node}, or an exception naming {@code path}. */
    public static JsonNode object(JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new InvalidParametersException(path, "missing");
        }
        if (!node.isObject()) {
            throw new InvalidParametersException(path, "must be an object, not " + node.getNodeType());
        }
        return node;
    }

    /** Rejects keys not in {@code allowed} (case-insensitive, as Go's decoder matches). */
    public static void onlyKeys(JsonNode node, String path, Set<String> allowed) {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!allowed.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                throw new InvalidParametersException(join(path, k), "unknown parameter");
            }
        }
    }

    /** A child field, case-insensitively (Go's encoding/json matching). */
    public static JsonNode field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v != null) {
            return v;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean absent(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    public static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public static String string(JsonNode node, String name, String path) {
        JsonNode v = field(node, name);
        if (absent(v)) {
            return "";
        }
        if (!v.isTextual()) {
            throw new InvalidParametersException(join(path, name), "must be a string");
        }
        return v.asText();
    }

    public static List<String> strings(JsonNode node, String name, String path) {
        JsonNode v = field(node, name);
        if (absent(v)) {
            return List.of();
        }
        String p = join(path, name);
        if (!v.isArray()) {
            throw new InvalidParametersException(p, "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new InvalidParametersException(p + "[" + i + "]", "must be a string");
            }
            out.add(v.get(i).asText());
        }
        return List.copyOf(out);
    }

    public static boolean bool(JsonNode node, String name, String path) {
        JsonNode v = field(node, name);
        if (absent(v)) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new InvalidParametersException(join(path, name), "must be true or false");
        }
        return v.asBoolean();
    }

    public static double number(JsonNode node, String name, String path) {
        JsonNode v = field(node, name);
        if (absent(v)) {
            return 0;
        }
        if (!v.isNumber()) {
            throw new InvalidParametersException(join(path, name), "must be a number");
        }
        return v.asDouble();
    }

    /** A non-negative whole number. */
    public static long count(JsonNode node, String name, String path) {
        double d = number(node, name, path);
        if (d < 0 || d != Math.floor(d) || d > Long.MAX_VALUE) {
            throw new InvalidParametersException(join(path, name), "must be a non-negative whole number, not " + d);
        }
        return (long) d;
    }

    /** The non-empty {@code searches} map of a file or memory module's parameters, by label. */
    public static Map<String, JsonNode> searches(JsonNode parameters) {
        object(parameters, "parameters");
        Map<String, JsonNode> raw = members(parameters, "searches", "");
        if (raw.isEmpty()) {
            throw new InvalidParametersException("searches", "at least one search is required");
        }
        return raw;
    }

    /** Object members in document order. */
    public static Map<String, JsonNode> members(JsonNode node, String name, String path) {
        JsonNode v = field(node, name);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (absent(v)) {
            return out;
        }
        if (!v.isObject()) {
            throw new InvalidParametersException(join(path, name), "must be an object");
        }
        v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Compiles a regular expression or names the field. */
    public static Pattern regex(String re, String path) {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new InvalidParametersException(path, "invalid regular expression '" + re + "': " + e.getDescription());
        }
    }
}
