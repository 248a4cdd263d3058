package io.gator.agent.persist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads MIG's persistent-module configuration files ({@code fswatch.cfg}): the git-config style INI that MIG reads
 * with gcfg. {@code [section]} or {@code [section "sub"]} headers (the latter kept as {@code section.sub}),
 * {@code key = value} lines (a key may repeat; a bare key means true), comments from {@code ;} or {@code #}
 * outside quotes, values trimmed, double-quoted parts with {@code \" \\ \n \t \b} escapes, and a backslash at the
 * end of a line continuing the value. Written here because no INI reader on the class path follows these rules
 * (repeated keys, quoting and escapes as gcfg reads them).
 */
public final class IniSettings {
    private IniSettings() {}

    /** The settings of a file's text; {@link PersistentConfigException} naming the line when it is malformed. */
    public static ModuleSettings parse(String text, String source) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            while (endsWithContinuation(line) && i + 1 < lines.length) {
                line = line.substring(0, line.length() - 1) + lines[++i];
            }
            String t = line.strip();
            if (t.isEmpty() || t.startsWith(";") || t.startsWith("#")) {
                continue;
            }
            if (t.startsWith("[")) {
                String name = header(t, source, lineNo);
                current = sections.computeIfAbsent(name, n -> new LinkedHashMap<>());
                continue;
            }
            if (current == null) {
                throw error(source, lineNo, "expected section header");
            }
            int eq = t.indexOf('=');
            String key = (eq < 0 ? stripComment(t) : t.substring(0, eq)).strip();
            if (!key.matches("[A-Za-z][A-Za-z0-9-]*")) {
                throw error(source, lineNo, "invalid variable name '" + key + "'");
            }
            String value = eq < 0 ? "" : value(t.substring(eq + 1), source, lineNo);
            current.computeIfAbsent(key.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        }
        return ModuleSettings.of(sections);
    }

    private static boolean endsWithContinuation(String line) {
        int n = 0;
        for (int j = line.length() - 1; j >= 0 && line.charAt(j) == '\\'; j--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static String header(String t, String source, int lineNo) {
        int close = t.lastIndexOf(']');
        if (close < 0) {
            throw error(source, lineNo, "section header is not closed");
        }
        String rest = stripComment(t.substring(close + 1)).strip();
        if (!rest.isEmpty()) {
            throw error(source, lineNo, "unexpected text after section header");
        }
        String inner = t.substring(1, close).strip();
        int quote = inner.indexOf('"');
        String name = (quote < 0 ? inner : inner.substring(0, quote)).strip();
        if (!name.matches("[A-Za-z][A-Za-z0-9-]*")) {
            throw error(source, lineNo, "invalid section name '" + name + "'");
        }
        name = name.toLowerCase(Locale.ROOT);
        if (quote >= 0) {
            if (!inner.endsWith("\"") || inner.length() - 1 <= quote) {
                throw error(source, lineNo, "subsection name is not quoted");
            }
            name = name + "." + inner.substring(quote + 1, inner.length() - 1).replace("\\\"", "\"")
                    .replace("\\\\", "\\");
        }
        return name;
    }

    private static String stripComment(String s) {
        int c = indexOfComment(s);
        return c < 0 ? s : s.substring(0, c);
    }

    private static int indexOfComment(String s) {
        for (int j = 0; j < s.length(); j++) {
            if (s.charAt(j) == ';' || s.charAt(j) == '#') {
                return j;
            }
        }
        return -1;
    }

    /** A value: unquoted runs trimmed at both ends, quoted parts verbatim with escapes, a comment ends it. */
    private static String value(String raw, String source, int lineNo) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        int keepTo = 0; // length of out that ends with non-blank or quoted text
        for (int j = 0; j < raw.length(); j++) {
            char c = raw.charAt(j);
            if (c == '\\') {
                if (j + 1 >= raw.length()) {
                    throw error(source, lineNo, "unfinished escape");
                }
                char e = raw.charAt(++j);
                out.append(switch (e) {
                    case '"' -> '"';
                    case '\\' -> '\\';
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'b' -> '\b';
                    default -> throw error(source, lineNo, "invalid escape \\" + e);
                });
                keepTo = out.length();
            } else if (c == '"') {
                quoted = !quoted;
                keepTo = out.length();
            } else if (!quoted && (c == ';' || c == '#')) {
                break;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (out.length() > 0) {
                    out.append(c);
                }
            } else {
                out.append(c);
                keepTo = out.length();
            }
        }
        if (quoted) {
            throw error(source, lineNo, "unterminated quoted value");
        }
        return out.substring(0, keepTo);
    }

    private static PersistentConfigException error(String source, int lineNo, String what) {
        return new PersistentConfigException(source + " line " + lineNo + ": " + what);
    }
}
