package io.gator.agent.module.scribe;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * scribe's version comparison ({@code epoch:version-release}, compared as rpm's {@code rpmvercmp} does), with its
 * quirks kept so that a document gives the same answers: a version of digits only has no release, the release is
 * what follows the last dash, tokens are runs of letters or of digits, and a numeric token beats a letter one.
 */
final class Evr {
    private static final Pattern ALNUM = Pattern.compile("[A-Za-z0-9]+");

    /** A comparison that cannot be made, with scribe's text. */
    static final class EvrException extends Exception {
        EvrException(String message) {
            super(message);
        }
    }

    private record Parts(String epoch, String version, String release) {}

    private Evr() {}

    /** Whether {@code actual operation check} holds; {@code operation} is {@code <}, {@code >} or {@code =}. */
    static boolean compare(String operation, String actual, String check) throws EvrException {
        Parts a = extract(actual);
        Parts c = extract(check);
        int r = rpmCompare(a, c);
        return switch (operation) {
            case "=" -> r == 0;
            case "<" -> r == 1;
            case ">" -> r == -1;
            default -> throw new EvrException("evrCompare: unknown operator");
        };
    }

    static boolean isOperation(String op) {
        return op.equals("<") || op.equals(">") || op.equals("=");
    }

    private static Parts extract(String s) throws EvrException {
        int idx = 0;
        while (idx < s.length() && Character.isDigit(s.charAt(idx))) {
            idx++;
        }
        if (idx >= s.length()) {
            return new Parts("0", s, "");
        }
        String epoch;
        if (s.charAt(idx) == ':') {
            epoch = s.substring(0, idx);
            idx++;
        } else {
            epoch = "0";
            idx = 0;
        }
        if (idx >= s.length()) {
            throw new EvrException("evrExtract: only epoch");
        }
        String remain = s.substring(idx);
        int dash = remain.lastIndexOf('-');
        if (dash == -1) {
            return new Parts(epoch, remain, "");
        }
        if (dash + 1 >= remain.length()) {
            throw new EvrException("evrExtract: ends in dash");
        }
        return new Parts(epoch, remain.substring(0, dash), remain.substring(dash + 1));
    }

    /** 1 when {@code check} is newer, -1 when {@code actual} is, 0 when they are the same. */
    private static int rpmCompare(Parts actual, Parts check) throws EvrException {
        Long ae = number(actual.epoch());
        if (ae == null) {
            throw new EvrException("evrRpmCompare: bad actual epoch");
        }
        Long ce = number(check.epoch());
        if (ce == null) {
            throw new EvrException("evrRpmCompare: bad check epoch");
        }
        if (ce > ae) {
            return 1;
        }
        if (ce < ae) {
            return -1;
        }
        int r = verCmp(actual.version(), check.version());
        return r != 0 ? r : verCmp(actual.release(), check.release());
    }

    static int verCmp(String actual, String check) {
        if (actual.equals(check)) {
            return 0;
        }
        List<String> act = tokens(actual);
        List<String> chk = tokens(check);
        for (int i = 0; i < chk.size(); i++) {
            if (i >= act.size()) {
                return 1;
            }
            String a = trimZeros(act.get(i));
            String c = trimZeros(chk.get(i));
            if (a.isEmpty() || c.isEmpty()) {
                // scribe indexes the first character of a token that was all zeros: Go panics, the run fails
                throw new IllegalStateException("runtime error: index out of range [0] with length 0");
            }
            boolean ad = Character.isDigit(a.charAt(0));
            boolean cd = Character.isDigit(c.charAt(0));
            if (ad && !cd) {
                return -1;
            }
            if (cd && !ad) {
                return 1;
            }
            Long na = number(a);
            Long nc = number(c);
            if (na != null && nc != null) {
                if (nc > na) {
                    return 1;
                }
                if (nc < na) {
                    return -1;
                }
                continue;
            }
            int lex = c.compareTo(a);
            if (lex > 0) {
                return 1;
            }
            if (lex < 0) {
                return -1;
            }
        }
        return act.size() > chk.size() ? -1 : 0;
    }

    /** Runs of digits and runs of other characters within each alphanumeric stretch. */
    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = ALNUM.matcher(s);
        while (m.find()) {
            String x = m.group();
            int start = 0;
            for (int i = 1; i <= x.length(); i++) {
                if (i == x.length() || Character.isDigit(x.charAt(i)) != Character.isDigit(x.charAt(i - 1))) {
                    out.add(x.substring(start, i));
                    start = i;
                }
            }
        }
        return out;
    }

    private static String trimZeros(String s) {
        if (s.length() == 1 || number(s) == null) {
            return s;
        }
        return s.replaceFirst("^0+", "");
    }

    /** Go's {@code strconv.Atoi}: the value, or null when it is no 64-bit integer. */
    private static Long number(String s) {
        if (s.isEmpty() || !s.matches("[+-]?[0-9]+")) {
            return null;
        }
        try {
            return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
