package io.gator.core.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Text the platform can store: PostgreSQL refuses U+0000 in text and jsonb, and a lone UTF-16
 * surrogate (from a JSON {@code \ud800} escape or a broken byte sequence) has no UTF-8 form.
 * Everything a caller sends is checked here before it reaches the backend, so such input gets a
 * clear 400 instead of failing later in a projection or an INSERT.
 */
public final class SafeText {
    private SafeText() {}

    /** Empty when {@code s} can be stored as it is, else what is wrong with it. */
    public static Optional<String> problem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0') {
                return Optional.of("contains U+0000 (NUL) at character " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("contains an unpaired surrogate (not valid UTF-8) at character " + i);
            }
        }
        return Optional.empty();
    }

    /** The first field name or text value anywhere in {@code node} that cannot be stored, as "path: problem". */
    public static Optional<String> problem(JsonNode node, String path) {
        return problem(node, path, Integer.MAX_VALUE, p -> false);
    }

    /**
     * As {@link #problem(JsonNode, String)}, also refusing a text value longer than {@code maxChars}, except at
     * the paths {@code unbounded} names (a text bounded by other means, such as compressed parameters).
     */
    public static Optional<String> problem(JsonNode node, String path, int maxChars,
                                           java.util.function.Predicate<String> unbounded) {
        if (node.isTextual()) {
            String t = node.textValue();
            if (t.length() > maxChars && !unbounded.test(path)) {
                return Optional.of(path + ": " + t.length() + " characters, more than " + maxChars);
            }
            return problem(t).map(p -> path + ": " + p);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> p = problem(node.get(i), path + "[" + i + "]", maxChars, unbounded);
                if (p.isPresent()) {
                    return p;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String at = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                Optional<String> p = problem(f.getKey()).map(x -> "field name '" + at + "': " + x);
                if (p.isEmpty() && f.getKey().length() > maxChars) {
                    p = Optional.of("field name '" + at + "': more than " + maxChars + " characters");
                }
                if (p.isEmpty()) {
                    p = problem(f.getValue(), at, maxChars, unbounded);
                }
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The first field name or string value in the JSON {@code json} that cannot be stored, read token by token
     * (no tree), or empty; JSON that does not parse is left to the caller's parser to report.
     */
    public static Optional<String> problemInJson(byte[] json) {
        try (com.fasterxml.jackson.core.JsonParser p = MigJson.mapper().getFactory().createParser(json)) {
            for (com.fasterxml.jackson.core.JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME
                        || t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                    Optional<String> bad = problem(p.getText());
                    if (bad.isPresent()) {
                        String at = p.getParsingContext().getCurrentName();
                        return Optional.of((at == null ? "" : at + ": ") + bad.get());
                    }
                }
            }
        } catch (java.io.IOException notJson) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** {@code bytes} as UTF-8, or empty when they are not valid UTF-8 (never a silent replacement character). */
    public static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
