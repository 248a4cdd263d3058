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
        try {
            return Pattern.compile(translate(expr), Pattern.UNIX_LINES);
        } catch (PatternSyntaxException e) {
            throw new SyntaxError(goText(expr, e));
        }
    }

    /** Java constructs RE2 does not have (back references, look-around, possessive and atomic groups). */
    private static String goOnlyRefusal(String expr) {
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '\\' && i + 1 < expr.length()) {
                char n = expr.charAt(i + 1);
                if (Character.isDigit(n) && n != '0' || "ZGRXhHkK".indexOf(n) >= 0) {
                    return "error parsing regexp: invalid escape sequence: `\\" + n + "`";
                }
                i++;
            } else if (c == '(' && expr.startsWith("(?", i) && i + 2 < expr.length() && "=!>".indexOf(expr.charAt(i + 2)) >= 0
                    || expr.startsWith("(?<=", i) || expr.startsWith("(?<!", i)) {
                return "error parsing regexp: invalid or unsupported Perl syntax: `" + expr.substring(i, Math.min(expr.length(), i + 3)) + "`";
            } else if ((c == '+' || c == '*' || c == '?' || c == '}') && i + 1 < expr.length() && expr.charAt(i + 1) == '+') {
                return "error parsing regexp: invalid nested repetition operator: `" + c + "+`";
            }
        }
        return null;
    }

    private static String translate(String expr) {
        return expr.replace("(?P<", "(?<")
                .replace("[:alpha:]", "\\p{Alpha}").replace("[:digit:]", "\\p{Digit}")
                .replace("[:alnum:]", "\\p{Alnum}").replace("[:space:]", "\\s").replace("[:upper:]", "\\p{Upper}")
                .replace("[:lower:]", "\\p{Lower}").replace("[:punct:]", "\\p{Punct}").replace("[:xdigit:]", "\\p{XDigit}")
                .replace("[:word:]", "\\w").replace("[:blank:]", "\\p{Blank}").replace("[:cntrl:]", "\\p{Cntrl}")
                .replace("[:print:]", "\\p{Print}").replace("[:graph:]", "\\p{Graph}");
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
