package io.gator.platform.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gator.core.json.MigJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Poison values and the wire bytes that carry them. A message is built as a JSON tree holding {@link #MARK}
 * where the poison goes; {@link #splice} writes the tree and puts the poison's own bytes in place of the mark,
 * so that what no Java string can hold (bytes that are not UTF-8) reaches the wire too.
 */
final class Poison {
    /** Stands for the poison in a tree until {@link #splice}. */
    static final String MARK = "@@poison@@";
    /** The size of the "1 MB value" of every text field. */
    static final int MEGABYTE = 1_000_000;

    private Poison() {}

    /**
     * A poison for text fields: the bytes it puts inside a JSON string on the wire, and the Java string a
     * receiver that decodes leniently (malformed input replaced) would see, which is what a sender signs.
     */
    enum Text {
        NUL("a NUL", "a\\u0000b".getBytes(StandardCharsets.US_ASCII), "a\u0000b"),
        INVALID_UTF8("invalid UTF-8", new byte[] {'a', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, 'b'}, null),
        /** A lone surrogate escape: JSON text naming a character that has no UTF-8 form (PostgreSQL's jsonb refuses it). */
        LONE_SURROGATE("a lone surrogate (invalid UTF-16, no UTF-8 form)", "a\\ud800b".getBytes(StandardCharsets.US_ASCII),
                "a\ud800b"),
        MEGABYTE_VALUE("a 1 MB value", "A".repeat(MEGABYTE).getBytes(StandardCharsets.US_ASCII), "A".repeat(MEGABYTE));

        final String label;
        final byte[] wire;
        final String seen;

        Text(String label, byte[] wire, String seen) {
            this.label = label;
            this.wire = wire;
            this.seen = seen != null ? seen : new String(wire, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The tree as JSON bytes with every {@link #MARK} replaced by {@code poison}'s wire bytes. */
    static byte[] splice(JsonNode tree, byte[] poison) {
        return splice(MigJson.write(tree), poison);
    }

    /** The JSON text as bytes with every {@link #MARK} replaced by {@code poison}. */
    static byte[] splice(String json, byte[] poison) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length() + poison.length);
        int from = 0;
        for (int at = json.indexOf(MARK); at >= 0; at = json.indexOf(MARK, from)) {
            out.writeBytes(json.substring(from, at).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(poison);
            from = at + MARK.length();
        }
        out.writeBytes(json.substring(from).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** A copy of the tree with every text holding {@link #MARK} holding {@code value} there instead. */
    static JsonNode resolve(JsonNode tree, String value) {
        JsonNode copy = tree.deepCopy();
        return replaceMark(copy, value);
    }

    private static JsonNode replaceMark(JsonNode n, String value) {
        if (n.isTextual()) {
            return n.textValue().contains(MARK) ? TextNode.valueOf(n.textValue().replace(MARK, value)) : n;
        }
        if (n instanceof ObjectNode o) {
            ObjectNode out = MigJson.mapper().createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey().replace(MARK, value), replaceMark(e.getValue(), value));
            }
            return out;
        }
        if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, replaceMark(a.get(i), value));
            }
        }
        return n;
    }

    /** Replaces the text node equal to {@code old}, wherever it is in the tree; fails if there is none. */
    static void replaceText(JsonNode tree, String old, JsonNode value) {
        if (!replaceFirst(tree, old, value)) {
            throw new IllegalArgumentException("no text '" + old + "' in " + tree);
        }
    }

    private static boolean replaceFirst(JsonNode n, String old, JsonNode value) {
        if (n instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual() && e.getValue().textValue().equals(old)) {
                    e.setValue(value);
                    return true;
                }
                if (replaceFirst(e.getValue(), old, value)) {
                    return true;
                }
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual() && a.get(i).textValue().equals(old)) {
                    a.set(i, value);
                    return true;
                }
                if (replaceFirst(a.get(i), old, value)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code depth} nested JSON arrays, as text. */
    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** application/x-www-form-urlencoded of raw bytes (what a client sends for any byte string). */
    static String formEncode(byte[] value) {
        StringBuilder sb = new StringBuilder(value.length + value.length / 4);
        for (byte b : value) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '*') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    static String formEncode(String value) {
        return formEncode(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A form field whose value is {@code before}, the poison's raw bytes, then {@code after}. */
    static String formField(String name, String before, byte[] raw, String after) {
        return formEncode(name) + "=" + formEncode(before) + formEncode(raw) + formEncode(after);
    }

    /**
     * The poison's raw bytes where no JSON escape applies (a form field, a query): invalid UTF-8 as is, a lone
     * surrogate as the three bytes an encoder that allows it writes (CESU-8, not UTF-8), the rest in UTF-8.
     */
    static byte[] raw(Text t) {
        return switch (t) {
            case INVALID_UTF8 -> t.wire;
            case LONE_SURROGATE -> new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'b'};
            default -> t.seen.getBytes(StandardCharsets.UTF_8);
        };
    }
}
