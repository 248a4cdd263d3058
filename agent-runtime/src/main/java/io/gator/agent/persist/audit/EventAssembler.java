package io.gator.agent.persist.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts multi-record events together as libaudit-go does. Records of the types the kernel sends in several parts
 * (SYSCALL 1300 up to the anomaly messages at 2100, e.g. SYSCALL, EXECVE, CWD, PATH, PROCTITLE) are held by
 * serial until the {@code EOE} record of that serial; the event is then the EOE record (type {@code EOE}, its
 * serial and timestamp) carrying every held record's fields (later records win on a shared name) and a raw text
 * of the EOE record followed by each held record's fields. Other types are events on their own.
 */
public final class EventAssembler {
    static final int SYSCALL = 1300;
    static final int EOE = 1320;
    static final int FIRST_ANOMALY = 2100;
    /** Serials held at most; an event whose EOE never comes must not hold memory for ever. */
    static final int MAX_PENDING = 4096;

    private final AuditRecordParser parser;
    private final Map<String, List<AuditEvent>> pending = new LinkedHashMap<>();

    EventAssembler(AuditRecordParser parser) {
        this.parser = parser;
    }

    /**
     * Takes one record; returns a complete event when there is one. A record that cannot be parsed is an error
     * (MIG drops it).
     */
    public Optional<AuditEvent> add(int type, String text) throws AuditException {
        AuditEvent record = parser.parse(type, text);
        if (type < SYSCALL || type >= FIRST_ANOMALY) {
            return Optional.of(record);
        }
        String serial = canonicalSerial(record.serial());
        if (type == EOE) {
            List<AuditEvent> held = serial == null ? null : pending.remove(serial);
            return held == null ? Optional.empty() : Optional.of(merge(record, held));
        }
        if (serial != null) {
            pending.computeIfAbsent(serial, s -> new ArrayList<>()).add(record);
            if (pending.size() > MAX_PENDING) {
                pending.remove(pending.keySet().iterator().next());
            }
        }
        return Optional.empty();
    }

    /** Serials are compared as numbers (libaudit-go parses them); a record without a numeric one is not held. */
    private static String canonicalSerial(String serial) {
        try {
            return Long.toUnsignedString(Long.parseUnsignedLong(serial));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static AuditEvent merge(AuditEvent eoe, List<AuditEvent> held) {
        Map<String, String> data = new HashMap<>(eoe.data());
        StringBuilder raw = new StringBuilder(eoe.raw());
        int prefix = eoe.raw().length();
        for (AuditEvent r : held) {
            data.putAll(r.data());
            if (r.raw().length() > prefix) {
                raw.append(' ').append(r.raw(), prefix, r.raw().length());
            }
        }
        return new AuditEvent(eoe.serial(), eoe.timestamp(), eoe.type(), data, raw.toString());
    }
}
