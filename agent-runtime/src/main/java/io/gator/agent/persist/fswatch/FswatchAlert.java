package io.gator.agent.persist.fswatch;

import io.gator.core.json.GoJson;

/** An fswatch alert as MIG sends it: the JSON {@code {"severity":..,"alert":..}} with Go's string escaping. */
record FswatchAlert(String severity, String alert) {
    String json() {
        StringBuilder sb = new StringBuilder("{\"severity\":");
        GoJson.writeString(severity, sb);
        sb.append(",\"alert\":");
        GoJson.writeString(alert, sb);
        return sb.append('}').toString();
    }
}
