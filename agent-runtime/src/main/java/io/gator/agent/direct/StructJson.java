package io.gator.agent.direct;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.GoJson;
import io.gator.core.json.MigJsonException;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a JSON tree as Go's {@code encoding/json} writes a struct: keys in the tree's own order (a struct's field
 * order, unlike {@link GoJson}, which sorts them as Go does for maps), Go's HTML-safe string escaping, integers as
 * written and other numbers as Go's float64.
 */
public final class StructJson {
    private StructJson() {}

    public static String write(JsonNode node) {
        StringBuilder sb = new StringBuilder(256);
        write(node, sb);
        return sb.toString();
    }

    private static void write(JsonNode node, StringBuilder sb) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                sb.append('{');
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> f = it.next();
                    GoJson.writeString(f.getKey(), sb);
                    sb.append(':');
                    write(f.getValue(), sb);
                    if (it.hasNext()) {
                        sb.append(',');
                    }
                }
                sb.append('}');
            }
            case ARRAY -> {
                sb.append('[');
                for (int i = 0; i < node.size(); i++) {
                    sb.append(i > 0 ? "," : "");
                    write(node.get(i), sb);
                }
                sb.append(']');
            }
            case STRING -> GoJson.writeString(node.textValue(), sb);
            case NUMBER -> sb.append(node.isIntegralNumber() ? node.asText() : GoJson.formatFloat(node.doubleValue()));
            case BOOLEAN -> sb.append(node.booleanValue());
            case NULL, MISSING -> sb.append("null");
            default -> throw new MigJsonException("cannot encode JSON node of type " + node.getNodeType());
        }
    }
}
