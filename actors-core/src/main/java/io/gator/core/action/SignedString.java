package io.gator.core.action;

import io.gator.core.json.GoJson;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;

/**
 * The exact string an investigator signs for an action (MIG's {@code Action.String()}):
 * {@code name=..;target=..;validfrom=<unix>;expireafter=%!s(int64=<unix>);operations=<Go JSON>;}.
 * The {@code %!s(int64=...)} is a Go formatting artefact every MIG signature depends on.
 */
public final class SignedString {
    private SignedString() {}

    /** The canonical string of an action. */
    public static String of(Action action) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("name=").append(action.name())
                .append(";target=").append(action.target())
                .append(";validfrom=").append(MigTime.unixSeconds(action.validFrom()))
                .append(";expireafter=%!s(int64=").append(MigTime.unixSeconds(action.expireAfter()))
                .append(");operations=");
        operations(action, sb);
        return sb.append(';').toString();
    }

    /** Go's {@code json.Marshal([]Operation)} of the operations as decoded from JSON. */
    static void operations(Action action, StringBuilder sb) {
        if (action.operations().isEmpty()) {
            sb.append("null");
            return;
        }
        sb.append('[');
        boolean first = true;
        for (Operation op : action.operations()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"module\":");
            GoJson.writeString(op.module(), sb);
            sb.append(",\"parameters\":");
            GoJson.write(op.parameters(), sb);
            if (op.isCompressed()) {
                sb.append(",\"is_compressed\":true");
            }
            if (op.wantCompressed()) {
                sb.append(",\"want_compressed\":true");
            }
            sb.append('}');
        }
        sb.append(']');
    }

    /** Convenience for tests and tools: the canonical string of an action JSON document. */
    public static String ofJson(String actionJson) {
        return of(MigJson.read(actionJson, Action.class));
    }
}
