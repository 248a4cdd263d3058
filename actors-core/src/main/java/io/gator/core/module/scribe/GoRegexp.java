package io.gator.core.module.scribe;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Go (RE2) regular expressions run on {@link java.util.regex}: Go's {@code (?P<name>)} groups and POSIX classes
 * are rewritten, only {@code \n} ends a line for {@code .}, {@code ^} and {@code $}, and a refused expression
 * gives Go's {@code regexp.Compile} error text for the common kinds of mistake.
 */
public final class GoRegexp {
    private GoRegexp() {}

    /** A refused expression, with Go's error text. */
    public static final class SyntaxError extends Exception {
        public SyntaxError(String message) {
            super(message);
        }
    }

    /** The compiled expression, or Go's error text. */
    public static Pattern compile(String expr) throws SyntaxError {
        String bad = goOnlyRefusal(expr);
        if (bad != null) {
            throw new SyntaxError(bad);
        }
        String java = translate(expr);
        try {
            return Pattern.compile(java, Pattern.UNIX_LINES);
        } catch (PatternSyntaxException e) {
            throw new SyntaxError(goText(expr, e));
        }
    }

    /** Java constructs RE2 does not have (look-around, possessive repetition, atomic groups). */
    private static String goOnlyRefusal(String expr) {
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '\\') {
                i++;
            } else if (expr.startsWith("(?=", i) || expr.startsWith("(?!", i) || expr.startsWith("(?>", i)
                    || expr.startsWith("(?<=", i) || expr.startsWith("(?<!", i)) {
                return "error parsing regexp: invalid or unsupported Perl syntax: `" + expr.substring(i, i + 3) + "`";
            } else if ((c == '+' || c == '*' || c == '?' || c == '}') && i + 1 < expr.length() && expr.charAt(i + 1) == '+') {
                return "error parsing regexp: invalid nested repetition operator: `" + c + "+`";
            }
        }
        return null;
    }

    /** Letters Go accepts after a backslash (outside {@code \Q...\E}). */
    private static final String GO_ESCAPES = "aftnrvxpPdDsSwWbBAzQE";

    /**
     * Go's syntax in Java's: named groups, POSIX classes, octal and {@code \v} escapes, a brace that starts no
     * repetition taken literally; an escape Go does not know refused with Go's text.
     */
    private static String translate(String expr) throws SyntaxError {
        StringBuilder out = new StringBuilder();
        boolean inClass = false;
        int classBody = -1;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '\\' && i + 1 < expr.length()) {
                char n = expr.charAt(i + 1);
                if (n == 'Q') {
                    int end = expr.indexOf("\\E", i + 2);
                    String lit = end < 0 ? expr.substring(i + 2) : expr.substring(i + 2, end);
                    out.append(Pattern.quote(lit));
                    i = end < 0 ? expr.length() : end + 1;
                    continue;
                }
                if (n >= '0' && n <= '7' && (n == '0' || i + 2 < expr.length() && isOctal(expr.charAt(i + 2)))) {
                    int j = i + 1;
                    while (j < expr.length() && j < i + 4 && isOctal(expr.charAt(j))) {
                        j++;
                    }
                    out.append(String.format("\\x{%x}", Integer.parseInt(expr.substring(i + 1, j), 8)));
                    i = j - 1;
                    continue;
                }
                if (Character.isLetterOrDigit(n) && GO_ESCAPES.indexOf(n) < 0) {
                    throw new SyntaxError("error parsing regexp: invalid escape sequence: `\\" + n + "`");
                }
                out.append(n == 'v' ? "\\x0B" : "\\" + n);
                i++;
                continue;
            }
            if (inClass) {
                if (c == '[' && expr.startsWith("[:", i)) {
                    int end = expr.indexOf(":]", i + 2);
                    String posix = end < 0 ? null : POSIX.get(expr.substring(i + 2, end).replace("^", ""));
                    if (posix != null) {
                        boolean negated = expr.charAt(i + 2) == '^';
                        out.append(negated ? posix.replace("\\p", "\\P").replace("\\s", "\\S").replace("\\w", "\\W") : posix);
                        i = end + 1;
                        continue;
                    }
                }
                if (c == '[' || c == '&') {
                    out.append('\\').append(c);
                    continue;
                }
                if (c == ']' && out.length() > classBody) {
                    inClass = false;
                }
                out.append(c);
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append(c);
                if (i + 1 < expr.length() && expr.charAt(i + 1) == '^') {
                    out.append('^');
                    i++;
                }
                classBody = out.length();
                continue;
            } else if (c == '{' && !REPEAT.matcher(expr).region(i, expr.length()).lookingAt()) {
                out.append("\\{");
                continue;
            } else if (expr.startsWith("(?P<", i)) {
                out.append("(?<");
                i += 3;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static final Pattern REPEAT = Pattern.compile("\\{[0-9]+(,[0-9]*)?}");
    private static final java.util.Map<String, String> POSIX = java.util.Map.ofEntries(
            java.util.Map.entry("alpha", "\\p{Alpha}"), java.util.Map.entry("digit", "\\p{Digit}"),
            java.util.Map.entry("alnum", "\\p{Alnum}"), java.util.Map.entry("space", "\\s"),
            java.util.Map.entry("upper", "\\p{Upper}"), java.util.Map.entry("lower", "\\p{Lower}"),
            java.util.Map.entry("punct", "\\p{Punct}"), java.util.Map.entry("xdigit", "\\p{XDigit}"),
            java.util.Map.entry("word", "\\w"), java.util.Map.entry("blank", "\\p{Blank}"),
            java.util.Map.entry("cntrl", "\\p{Cntrl}"), java.util.Map.entry("print", "\\p{Print}"),
            java.util.Map.entry("graph", "\\p{Graph}"), java.util.Map.entry("ascii", "\\p{ASCII}"));

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    /** Go's text for the kinds of error both engines refuse. */
    static String goText(String expr, PatternSyntaxException e) {
        String d = e.getDescription();
        String prefix = "error parsing regexp: ";
        if (d.startsWith("Unclosed group")) {
            return prefix + "missing closing ): `" + expr + "`";
        }
        if (d.startsWith("Unclosed character class")) {
            int open = expr.lastIndexOf('[');
            return prefix + "missing closing ]: `" + expr.substring(Math.max(open, 0)) + "`";
        }
        if (d.startsWith("Unmatched closing ')'")) {
            return prefix + "unexpected ): `" + expr + "`";
        }
        if (d.startsWith("Dangling meta character")) {
            int i = Math.max(0, Math.min(e.getIndex(), expr.length() - 1));
            return prefix + "missing argument to repetition operator: `" + expr.charAt(i) + "`";
        }
        if (d.startsWith("Illegal/unsupported escape sequence")) {
            int i = Math.max(0, Math.min(e.getIndex(), expr.length() - 1));
            int start = expr.lastIndexOf('\\', i);
            return prefix + "invalid escape sequence: `" + expr.substring(Math.max(start, 0), Math.min(expr.length(), Math.max(start, 0) + 2)) + "`";
        }
        if (d.startsWith("Illegal character range")) {
            return prefix + "invalid character class range: `" + rangeAt(expr, e.getIndex()) + "`";
        }
        if (expr.endsWith("\\") && (expr.length() - expr.replaceAll("\\\\+$", "").length()) % 2 == 1) {
            return prefix + "trailing backslash at end of expression: ``";
        }
        return prefix + d.toLowerCase(java.util.Locale.ROOT) + ": `" + expr + "`";
    }

    private static String rangeAt(String expr, int index) {
        int i = Math.max(0, Math.min(index, expr.length()));
        int dash = expr.lastIndexOf('-', i);
        if (dash <= 0 || dash + 1 >= expr.length()) {
            return expr;
        }
        return expr.substring(dash - 1, dash + 2);
    }
}
