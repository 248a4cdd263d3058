package io.gator.agent.persist.audit;

import io.gator.core.json.GoJson;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed audit event as libaudit-go's {@code AuditEvent}: the record's serial and timestamp
 * ({@code audit(<timestamp>:<serial>)}), its type name without {@code AUDIT_}, its fields (interpreted), and the
 * raw text.
 */
public record AuditEvent(String serial, String timestamp, String type, Map<String, String> data, String raw) {
    public AuditEvent {
        data = Map.copyOf(data);
    }

    /**
     * The alert MIG's audit module sends: Go's JSON of the struct (fields in declaration order, no tags;
     * {@code Data} keys sorted), with {@code Raw} emptied unless {@code includeRaw}.
     */
    public String toAlert(boolean includeRaw) {
        StringBuilder sb = new StringBuilder("{\"Serial\":");
        GoJson.writeString(serial, sb);
        sb.append(",\"Timestamp\":");
        GoJson.writeString(timestamp, sb);
        sb.append(",\"Type\":");
        GoJson.writeString(type, sb);
        sb.append(",\"Data\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : sortedData().entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            GoJson.writeString(e.getKey(), sb);
            sb.append(':');
            GoJson.writeString(e.getValue(), sb);
        }
        sb.append("},\"Raw\":");
        GoJson.writeString(includeRaw ? raw : "", sb);
        return sb.append('}').toString();
    }

    /** Go orders map keys by their bytes; for field names (ASCII) that is Java's string order. */
    private TreeMap<String, String> sortedData() {
        return new TreeMap<>(data);
    }
}
