package io.gator.agent.persist.audit;

import java.util.HashMap;
import java.util.Map;

/**
 * Parses one audit record as the kernel sends it over netlink: {@code audit(<seconds>.<millis>:<serial>): } then
 * space-separated {@code key=value} fields (the {@code type=<NAME> msg=} of audit.log lines is the netlink message
 * type and is not in the payload). As libaudit-go: a word without {@code =} continues the previous value (values
 * with spaces), {@code msg='k=v ...'} opens nested fields, and a trailing quote, comma or parenthesis is cut.
 */
final class AuditRecordParser {
    private final FieldInterpreter interpreter;

    AuditRecordParser(FieldInterpreter interpreter) {
        this.interpreter = interpreter;
    }

    /** The record of a message type; an unknown type or a malformed record is an error (the event is lost). */
    AuditEvent parse(int type, String text) throws AuditException {
        String typeName = NameTable.MESSAGE_TYPES.name(type)
                .orElseThrow(() -> new AuditException("unknown message type " + type));
        String raw = text;
        if (!text.startsWith("audit(")) {
            throw new AuditException("malformed, missing audit prefix");
        }
        String str = text.substring(6);
        int colon = str.indexOf(':');
        if (colon == -1) {
            throw new AuditException("malformed, can't locate start of fields");
        }
        String timestamp = str.substring(0, colon);
        str = str.substring(colon + 1);
        int close = str.indexOf(')');
        if (close == -1) {
            throw new AuditException("malformed, can't locate end of prefix");
        }
        String serial = str.substring(0, close);
        if (!str.startsWith(serial + "): ")) {
            throw new AuditException("malformed, prefix termination unexpected");
        }
        str = str.substring(close + 3);

        Map<String, String> fields = new HashMap<>();
        String syscall = "";
        String key = "";
        String value = "";
        int consumed = 0;
        int length = str.length();
        while (consumed < length) {
            while (str.startsWith(" ")) {
                str = str.substring(1);
            }
            int space = str.indexOf(' ');
            String word = space == -1 ? str : str.substring(0, space);
            consumed += word.length();
            int eq = word.indexOf('=');
            if (eq == -1) {
                value = interpret(key, trim(value + " " + word), type, syscall);
                fields.put(key, value);
            } else {
                key = word.substring(0, eq);
                value = word.substring(eq + 1);
                if (value.startsWith("'") && key.equals("msg")) {
                    int inner = value.indexOf('=');
                    if (inner == -1) {
                        continue; // libaudit-go rereads this word until the consumed count runs out
                    }
                    key = value.substring(1, inner);
                    value = value.substring(inner + 1);
                }
                value = trim(value);
                if (key.equals("syscall")) {
                    syscall = value;
                }
                value = interpret(key, value, type, syscall);
                fields.put(key, value);
            }
            if (str.length() == word.length()) {
                break;
            }
            str = str.substring(word.length() + 1);
        }
        return new AuditEvent(serial, timestamp, typeName, fields, raw);
    }

    private String interpret(String key, String value, int type, String syscall) throws AuditException {
        try {
            return interpreter.interpret(key, value, type, new FieldInterpreter.Context(syscall));
        } catch (AuditException e) {
            throw new AuditException("interpretField: " + e.getMessage());
        }
    }

    /** Cuts one trailing quote, then comma, then parenthesis (except in {@code (none)} and {@code (null)}). */
    static String trim(String v) {
        String s = v;
        if (s.endsWith("'")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith(",")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith(")") && !s.equals("(none)") && !s.equals("(null)")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
