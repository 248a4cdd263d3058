package io.gator.core.module.yara;

import io.gator.core.module.file.FileOptions;
import io.gator.core.module.file.FileSearch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The yara module's {@code filesearch}: the file module's command line in one string, cut into arguments as MIG's
 * yara module cuts it, then read as MIG's file module reads its flags (Go's flag package) and checked as MIG's file
 * module checks a search, with their refusals word for word. The search is the only one, labelled {@code s1}.
 */
public final class FileSearchArgs {
    /** MIG's cut: a quoted run (greedy, to the last quote of the line) or a run of non-blanks. */
    private static final Pattern ARGUMENT = Pattern.compile("'.+'|\".+\"|\\S+");
    private static final Pattern GO_FLOAT = Pattern.compile(
            "[+-]?((\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|(?i:inf|infinity|nan))");
    private static final String SIZE = "^(<|>)?[0-9]*(k|m|g|t)?$";
    private static final String MTIME = "^(<|>)[0-9]*(d|h|m)$";
    private static final String MISMATCH = "^(name|size|mode|mtime|content|md5|sha1|sha2|sha3)$";

    /** How a flag of the file module's flag set takes its value. */
    private enum Kind { LIST, FLOAT, BOOL }

    /** The file module's flags, in the name order Go lists them, with their defaults. */
    private static final Map<String, Kind> FLAGS = new LinkedHashMap<>();
    private static final Map<String, String> DEFAULTS = Map.of(
            "matchall", "true", "matchlimit", "1000", "maxdepth", "1000", "maxerrors", "30");

    static {
        for (String f : List.of("content", "decompress", "macroal", "matchall", "matchany", "matchlimit", "maxdepth",
                "maxerrors", "md5", "mismatch", "mode", "mtime", "name", "path", "returnsha256", "sha1", "sha2", "sha3",
                "size", "verbose")) {
            FLAGS.put(f, switch (f) {
                case "matchlimit", "maxdepth", "maxerrors" -> Kind.FLOAT;
                case "decompress", "macroal", "matchall", "matchany", "returnsha256", "verbose" -> Kind.BOOL;
                default -> Kind.LIST;
            });
        }
    }

    /** A refusal of the file module; {@link #usage()} is what Go's flag package printed with it (or empty). */
    public static final class Refused extends RuntimeException {
        private final String usage;

        Refused(String message, String usage) {
            super(message);
            this.usage = usage;
        }

        public String usage() {
            return usage;
        }
    }

    private FileSearchArgs() {}

    /** MIG's yara {@code moduleArguments}: the matches of its pattern, surrounding quotes trimmed. */
    public static List<String> split(String filesearch) {
        List<String> out = new ArrayList<>();
        Matcher m = ARGUMENT.matcher(filesearch);
        while (m.find()) {
            out.add(trim(trim(m.group(), '"'), '\''));
        }
        return out;
    }

    /** Go's {@code strings.Trim(s, c)} for one character. */
    private static String trim(String s, char c) {
        int b = 0;
        int e = s.length();
        while (b < e && s.charAt(b) == c) {
            b++;
        }
        while (e > b && s.charAt(e - 1) == c) {
            e--;
        }
        return s.substring(b, e);
    }

    /**
     * The search a {@code filesearch} string asks for; empty when the file module would have printed its help
     * instead (no argument, or {@code help} first). Throws {@link Refused} with the file module's error.
     */
    public static Optional<FileSearch> parse(String filesearch) {
        List<String> args = split(filesearch);
        if (args.isEmpty() || args.get(0).isEmpty() || args.get(0).equals("help")) {
            return Optional.empty();
        }
        Map<String, List<String>> lists = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        FLAGS.forEach((name, kind) -> {
            switch (kind) {
                case LIST -> lists.put(name, new ArrayList<>());
                case FLOAT -> values.put(name, Double.parseDouble(DEFAULTS.get(name)));
                case BOOL -> values.put(name, Boolean.parseBoolean(DEFAULTS.getOrDefault(name, "false")));
            }
        });
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i);
            if (s.length() < 2 || s.charAt(0) != '-') {
                break;
            }
            int dashes = s.charAt(1) == '-' ? 2 : 1;
            if (dashes == 2 && s.length() == 2) {
                break;
            }
            String name = s.substring(dashes);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                throw refused("bad flag syntax: " + s);
            }
            String value = null;
            int eq = name.indexOf('=', 1);
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Kind kind = FLAGS.get(name);
            if (kind == null) {
                if (name.equals("help") || name.equals("h")) {
                    throw new Refused("flag: help requested", usage());
                }
                throw refused("flag provided but not defined: -" + name);
            }
            if (kind == Kind.BOOL) {
                String v = value == null ? "true" : value;
                Boolean b = goBool(v);
                if (b == null) {
                    throw refused("invalid boolean value " + quoted(v) + " for -" + name + ": parse error");
                }
                values.put(name, b);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw refused("flag needs an argument: -" + name);
                }
                value = args.get(++i);
            }
            if (kind == Kind.LIST) {
                lists.get(name).add(value);
            } else {
                values.put(name, goFloat(name, value));
            }
        }
        FileSearch search = new FileSearch("", lists.get("path"), lists.get("content"), lists.get("name"),
                lists.get("size"), lists.get("mode"), lists.get("mtime"), lists.get("md5"), lists.get("sha1"),
                lists.get("sha2"), lists.get("sha3"), new FileOptions(whole(values.get("maxdepth")),
                whole(values.get("maxerrors")), false,
                (Boolean) values.get("matchall") && !(Boolean) values.get("matchany"), (Boolean) values.get("macroal"),
                lists.get("mismatch"), whole(values.get("matchlimit")), "", (Boolean) values.get("returnsha256"),
                (Boolean) values.get("decompress")));
        check(search);
        return Optional.of(search);
    }

    private static long whole(Object v) {
        return (long) (double) (Double) v;
    }

    /** MIG's file module's checks of one search, in its order and words. */
    private static void check(FileSearch s) {
        if (s.paths().isEmpty()) {
            throw plain("invalid empty search path, must have at least one search path");
        }
        s.contents().forEach(FileSearchArgs::regex);
        s.names().forEach(FileSearchArgs::regex);
        s.sizes().forEach(v -> format(v, SIZE, "size"));
        s.modes().forEach(FileSearchArgs::regex);
        s.mtimes().forEach(v -> format(v, MTIME, "mtime"));
        s.md5().forEach(h -> hash(h, List.of(32)));
        s.sha1().forEach(h -> hash(h, List.of(40)));
        s.sha2().forEach(h -> hash(h, List.of(64, 96, 128)));
        s.sha3().forEach(h -> hash(h, List.of(56, 64, 96, 128)));
        for (String m : s.options().mismatch()) {
            if (m.isEmpty()) {
                throw plain("empty filters are not permitted");
            }
            if (!m.matches(MISMATCH.substring(1, MISMATCH.length() - 1))) {
                throw plain("The syntax of filter '" + m + "' is invalid. Must match regex " + MISMATCH);
            }
        }
    }

    private static void regex(String re) {
        if (re.isEmpty()) {
            throw plain("Empty values are not permitted");
        }
        String body = re.length() > 1 && re.charAt(0) == '!' ? re.substring(1) : re;
        try {
            Pattern.compile(body);
        } catch (PatternSyntaxException e) {
            // Java's reason: Go's regexp words its own
            throw plain("Invalid regexp '" + body + "'. Must be a regexp. Compilation failed with '"
                    + e.getDescription() + "'");
        }
    }

    private static void format(String v, String re, String what) {
        if (v.isEmpty()) {
            throw plain("Empty values are not permitted");
        }
        if (!Pattern.compile(re).matcher(v).find()) {
            throw plain("Invalid " + what + " format for " + what + " '" + v + "'. Must match regex " + re);
        }
    }

    /** A hash of a length MIG does not know passes (MIG only prints a warning); a malformed one is refused. */
    private static void hash(String h, List<Integer> lengths) {
        if (h.isEmpty()) {
            throw plain("Empty values are not permitted");
        }
        if (lengths.size() > 1 && !lengths.contains(h.length())) {
            return;
        }
        String upper = h.toUpperCase(Locale.ROOT);
        String re = "^[A-F0-9]{" + (lengths.size() == 1 ? lengths.get(0) : h.length()) + "}$";
        if (!upper.matches(re.substring(1, re.length() - 1))) {
            throw plain("Invalid checksum format for hash '" + upper + "'. Must match regex " + re);
        }
    }

    private static Boolean goBool(String v) {
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> Boolean.TRUE;
            case "0", "f", "F", "false", "FALSE", "False" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** Go's {@code strconv.ParseFloat(v, 64)} as the flag package reports its failures. */
    private static double goFloat(String name, String v) {
        if (!GO_FLOAT.matcher(v).matches()) {
            throw refused("invalid value " + quoted(v) + " for flag -" + name + ": parse error");
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.contains("inf") || lower.contains("nan")) {
            return lower.contains("nan") ? Double.NaN : lower.startsWith("-") ? Double.NEGATIVE_INFINITY
                    : Double.POSITIVE_INFINITY;
        }
        double d = Double.parseDouble(v);
        if (Double.isInfinite(d)) {
            throw refused("invalid value " + quoted(v) + " for flag -" + name + ": value out of range");
        }
        return d;
    }

    private static String quoted(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Refused refused(String message) {
        return new Refused(message, message + "\n" + usage());
    }

    private static Refused plain(String message) {
        return new Refused(message, "");
    }

    /** Go's {@code Usage of file:} listing of the file module's flags. */
    public static String usage() {
        StringBuilder b = new StringBuilder("Usage of file:\n");
        FLAGS.forEach((name, kind) -> {
            b.append("  -").append(name).append(switch (kind) {
                case LIST -> " value";
                case FLOAT -> " float";
                case BOOL -> "";
            }).append("\n    \tsee help");
            if (DEFAULTS.containsKey(name)) {
                b.append(" (default ").append(DEFAULTS.get(name)).append(')');
            }
            b.append('\n');
        });
        return b.toString();
    }
}
