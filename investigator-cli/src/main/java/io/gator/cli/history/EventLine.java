package io.gator.cli.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One journal event as one readable line: its top-level fields as {@code name=value}, lists and objects
 * counted rather than printed ({@code -json} gives them whole).
 */
public final class EventLine {
    /** Longer values are cut: a line should fit a terminal. */
    static final int MAX_VALUE = 60;

    private EventLine() {}

    /** "sequence time type  name=value ..." for one event of {@code GET /action/events}. */
    public static String of(JsonNode e) {
        return String.format("%5s %s %-18s %s", e.path("sequencenr").asText(), e.path("timestamp").asText(),
                e.path("type").asText(), summary(e.path("event")));
    }

    static String summary(JsonNode event) {
        if (!event.isObject()) {
            return event.isMissingNode() || event.isNull() ? "" : cut(event.asText());
        }
        List<String> parts = new ArrayList<>();
        event.fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            String shown;
            if (v.isArray()) {
                shown = v.size() + (v.size() == 1 ? " item" : " items");
            } else if (v.isObject()) {
                shown = v.has("id") ? "#" + v.get("id").asText() : v.size() + " fields";
            } else if (v.isNull()) {
                return;
            } else {
                shown = v.isTextual() && (v.asText().isEmpty() || v.asText().contains(" "))
                        ? "'" + cut(v.asText()) + "'" : cut(v.asText());
            }
            parts.add(f.getKey() + "=" + shown);
        });
        return String.join(" ", parts);
    }

    private static String cut(String s) {
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) + "..." : s;
    }
}
