package io.gator.core.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What PostgreSQL's {@code jsonb ->> 'key'} returns, reproduced for H2 and for in-memory evaluation:
 * strings unquoted, other scalars as their JSON text, JSON null and missing keys as SQL NULL, arrays and
 * objects in jsonb's output format ({@code ["a", "b"]}, {@code {"k": "v"}}).
 */
final class JsonText {
    /** Decimals kept exact: jsonb prints 1.50 as 1.50, not 1.5. */
    private static final ObjectMapper PLAIN = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    private JsonText() {}

    static String field(JsonNode object, String key) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode v = object.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        StringBuilder sb = new StringBuilder();
        render(v, sb);
        return sb.toString();
    }

    static String field(String json, String key) {
        if (json == null) {
            return null;
        }
        try {
            return field(PLAIN.readTree(json), key);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("agents JSON column is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** jsonb's text form of a string array, as {@code environment->>'addresses'} shows it. */
    static String stringArray(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < values.size(); k++) {
            if (k > 0) {
                sb.append(", ");
            }
            sb.append(quoteJson(values.get(k)));
        }
        return sb.append(']').toString();
    }

    private static void render(JsonNode v, StringBuilder sb) {
        if (v.isArray()) {
            sb.append('[');
            for (int k = 0; k < v.size(); k++) {
                if (k > 0) {
                    sb.append(", ");
                }
                render(v.get(k), sb);
            }
            sb.append(']');
        } else if (v.isObject()) {
            sb.append('{');
            // jsonb orders keys by length, then bytewise.
            List<Map.Entry<String, JsonNode>> entries = new java.util.ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                entries.add(it.next());
            }
            entries.sort((a, b) -> a.getKey().length() != b.getKey().length()
                    ? Integer.compare(a.getKey().length(), b.getKey().length()) : a.getKey().compareTo(b.getKey()));
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : entries) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(quoteJson(e.getKey())).append(": ");
                render(e.getValue(), sb);
            }
            sb.append('}');
        } else if (v.isTextual()) {
            sb.append(quoteJson(v.textValue()));
        } else if (v.isBigDecimal()) {
            sb.append(v.decimalValue().toPlainString());
        } else {
            sb.append(v.toString());
        }
    }

    private static String quoteJson(String s) {
        try {
            return PLAIN.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
