package io.gator.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON tree comparisons for conformance tests: numbers compare by value, not by Jackson node class. */
public final class JsonTrees {
    private JsonTrees() {}

    /** Paths where the two trees differ; empty when equal as JSON trees. */
    public static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        diff("$", expected, actual, out, false);
        return out;
    }

    /** Paths of {@code expected} missing or different in {@code actual} (extra fields in actual allowed). */
    public static List<String> missingOrDifferent(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        diff("$", expected, actual, out, true);
        return out;
    }

    /** Paths where the two trees differ in structure: keys (at every level) and JSON types, not values. */
    public static List<String> shapeDifferences(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        shape("$", expected, actual, out);
        return out;
    }

    private static void diff(String path, JsonNode e, JsonNode a, List<String> out, boolean subset) {
        if (a == null || a.isMissingNode()) {
            out.add(path + ": missing");
            return;
        }
        if (e.isNumber() && a.isNumber()) {
            if (e.decimalValue().compareTo(a.decimalValue()) != 0) {
                out.add(path + ": " + e + " != " + a);
            }
            return;
        }
        if (e.getNodeType() != a.getNodeType()) {
            out.add(path + ": type " + e.getNodeType() + " != " + a.getNodeType() + " (" + e + " vs " + a + ")");
            return;
        }
        if (e.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                diff(path + "." + f.getKey(), f.getValue(), a.get(f.getKey()), out, subset);
            }
            if (!subset) {
                for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!e.has(k)) {
                        out.add(path + "." + k + ": unexpected");
                    }
                }
            }
        } else if (e.isArray()) {
            if (e.size() != a.size()) {
                out.add(path + ": array size " + e.size() + " != " + a.size());
                return;
            }
            for (int i = 0; i < e.size(); i++) {
                diff(path + "[" + i + "]", e.get(i), a.get(i), out, subset);
            }
        } else if (!e.equals(a)) {
            out.add(path + ": " + e + " != " + a);
        }
    }

    private static void shape(String path, JsonNode e, JsonNode a, List<String> out) {
        if (a == null || a.isMissingNode()) {
            out.add(path + ": missing");
            return;
        }
        if (e.getNodeType() != a.getNodeType()) {
            out.add(path + ": type " + e.getNodeType() + " != " + a.getNodeType());
            return;
        }
        if (e.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                shape(path + "." + f.getKey(), f.getValue(), a.get(f.getKey()), out);
            }
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!e.has(k)) {
                    out.add(path + "." + k + ": unexpected");
                }
            }
        } else if (e.isArray() && e.size() > 0 && a.size() > 0) {
            shape(path + "[0]", e.get(0), a.get(0), out);
        }
    }
}
