package io.gator.agent.persist.audit;

import java.util.HashMap;
import java.util.Map;

/**
 * Parses one audit record as the kernel sends it over netlink: {@code audit(<seconds>.<millis>:<serial>): } then
 * space-separated {@code key=value} fields (the {@code type=<NAME> msg=} of audit.log lines is the netlink message
 * type and is not in the payload). As libaudit-go: a word without {@code =} continues the previous value (values
 * with spaces), {@code msg='k=v ...'} opens nested fields, and a trailing quote, comma or parenthesis is cut.
 * SELinux records ({@code AVC}, {@code USER_AVC}) also give {@code seresult} (the word after {@code avc:}) and
 * {@code seperms} (the words in braces, comma-joined).
 */
final class AuditRecordParser {
    private static final int USER_AVC = 1107;
    private static final int AVC = 1400;

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
        boolean avc = type == AVC || type == USER_AVC;
        Words w = new Words(str);
        String syscall = "";
        String key = "";
        String value = "";
        boolean verdict = false;
        while (w.consumed < w.length) {
            w.next();
            String word = w.word;
            int eq = word.indexOf('=');
            if (eq == -1) {
                if (avc && word.equals("avc:") && w.rest.startsWith("avc:")) {
                    w.skipWord();
                    verdict = true;  // the next word is SELinux's verdict
                    continue;
                }
                if (avc && verdict) {
                    key = "seresult";
                    value = interpret(key, word, type, syscall);
                    fields.put(key, value);
                    verdict = false;
                } else if (avc && word.startsWith("{")) {
                    key = "seperms";
                    StringBuilder perms = new StringBuilder();
                    w.skipWord();
                    w.next();
                    while (!w.word.equals("}") && !w.word.isEmpty()) {
                        perms.append(perms.length() > 0 ? "," : "").append(w.word);
                        w.skipWord();
                        w.next();
                    }
                    value = interpret(key, perms.toString(), type, syscall);
                    fields.put(key, value);
                } else if (avc && word.equals("for")) {
                    w.skipWord();
                    continue;
                } else {
                    value = interpret(key, trim(value + " " + word), type, syscall);
                    fields.put(key, value);
                }
            } else {
                key = word.substring(0, eq);
                value = word.substring(eq + 1);
                if (value.startsWith("'") && key.equals("msg")) {
                    int inner = value.indexOf('=');
                    if (inner == -1) {
                        if (w.rest.startsWith("msg='avc")) {
                            w.rest = w.rest.substring(5);  // into the quoted SELinux message
                        }
                        continue; // otherwise libaudit-go rereads this word until the consumed count runs out
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
            if (w.rest.length() == w.word.length()) {
                break;
            }
            w.skipWord();
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

    /** The words of a record as libaudit-go walks them: leading spaces skipped, a count of characters read. */
    private static final class Words {
        String rest;
        String word = "";
        int consumed;
        final int length;

        Words(String text) {
            rest = text;
            length = text.length();
        }

        /** The next word (up to a space) without moving past it. */
        void next() {
            while (rest.startsWith(" ")) {
                rest = rest.substring(1);
            }
            int space = rest.indexOf(' ');
            word = space == -1 ? rest : rest.substring(0, space);
            consumed += word.length();
        }

        /** Moves past the current word and the space after it. */
        void skipWord() {
            rest = rest.length() > word.length() ? rest.substring(word.length() + 1) : "";
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
