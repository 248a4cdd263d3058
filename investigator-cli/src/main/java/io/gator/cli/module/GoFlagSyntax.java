package io.gator.cli.module;

import io.gator.core.module.flag.Flag;
import io.gator.core.module.flag.FlagForm;
import io.gator.core.module.flag.FlagValues;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Module flags read as MIG's modules read them with Go's flag package: {@code -f v}, {@code -f=v} or
 * {@code --f v}; the first argument that is not a flag (or {@code --}) ends the flags and the rest is ignored.
 */
final class GoFlagSyntax {
    private static final Pattern GO_INT = Pattern.compile(
            "[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]+|[1-9][0-9_]*|0)");

    private GoFlagSyntax() {}

    static FlagValues parse(String module, FlagForm form, List<String> args) {
        return parse(module, form, args, java.nio.file.Path.of("/"));
    }

    static FlagValues parse(String module, FlagForm form, List<String> args, java.nio.file.Path clientRoot) {
        Map<String, Object> values = new HashMap<>();
        for (Flag f : form.flags()) {
            values.put(f.name(), switch (f.kind()) {
                case SWITCH -> false;
                case VALUE -> f.defaultValue();
                case REPEATED -> new ArrayList<String>();
            });
        }
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i);
            if (s.length() < 2 || s.charAt(0) != '-') {
                break;
            }
            if (s.equals("--")) {
                break;
            }
            String name = s.startsWith("--") ? s.substring(2) : s.substring(1);
            if (name.isEmpty() || name.startsWith("-") || name.startsWith("=")) {
                throw refused(module, form, "bad flag syntax: " + s);
            }
            Optional<String> inline = Optional.empty();
            int eq = name.indexOf('=');
            if (eq > 0) {
                inline = Optional.of(name.substring(eq + 1));
                name = name.substring(0, eq);
            }
            String dashed = "-" + name;
            Flag flag = form.flags().stream().filter(f -> f.names().contains(dashed)).findFirst()
                    .orElseThrow(() -> refused(module, form, "flag provided but not defined: " + dashed));
            if (flag.kind() == Flag.Kind.SWITCH) {
                String v = inline.orElse("true");
                Boolean b = goBool(v);
                if (b == null) {
                    throw refused(module, form, "invalid boolean value \"" + v + "\" for -" + name + ": parse error");
                }
                values.put(flag.name(), b);
                continue;
            }
            String v;
            if (inline.isPresent()) {
                v = inline.get();
            } else if (i + 1 < args.size()) {
                v = args.get(++i);
            } else {
                throw refused(module, form, "flag needs an argument: -" + name);
            }
            if (flag.kind() == Flag.Kind.REPEATED) {
                @SuppressWarnings("unchecked")
                List<String> list = (List<String>) values.get(flag.name());
                list.add(v);
            } else if (flag.label().equals("int")) {
                // the form gets Go's value in decimal (0x10, 010 and 1_000 are ints to Go)
                try {
                    values.put(flag.name(), goInt(v).toString());
                } catch (NumberFormatException e) {
                    throw refused(module, form, "invalid value \"" + v + "\" for flag " + dashed + ": " + e.getMessage());
                }
            } else {
                values.put(flag.name(), v);
            }
        }
        return FlagValues.of(values, clientRoot);
    }

    /** Go's {@code strconv.ParseInt(v, 0, 64)}; the exception's message is Go's reason. */
    private static BigInteger goInt(String v) {
        if (!GO_INT.matcher(v).matches() || v.contains("__") || v.endsWith("_")) {
            throw new NumberFormatException("parse error");
        }
        String digits = v.replace("_", "");
        boolean negative = digits.startsWith("-");
        digits = digits.replaceFirst("^[+-]", "");
        int radix = 10;
        if (digits.matches("0[xX].*")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (digits.matches("0[bB].*")) {
            radix = 2;
            digits = digits.substring(2);
        } else if (digits.matches("0[oO].*")) {
            radix = 8;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
        }
        BigInteger n = new BigInteger(digits, radix);
        n = negative ? n.negate() : n;
        if (n.bitLength() > 63) {
            throw new NumberFormatException("value out of range");
        }
        return n;
    }

    private static Boolean goBool(String v) {
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> null;
        };
    }

    private static FlagSyntaxException refused(String module, FlagForm form, String reason) {
        return new FlagSyntaxException(reason, reason + "\n" + listing(module, form));
    }

    /** Go's {@code Usage of MODULE:} and {@code PrintDefaults}: flags by name, type, usage, non-zero default. */
    static String listing(String module, FlagForm form) {
        StringBuilder b = new StringBuilder("Usage of ").append(module).append(":\n");
        for (Flag f : form.flags().stream().sorted(Comparator.comparing(Flag::name)).toList()) {
            StringBuilder line = new StringBuilder("  ").append(f.name());
            String type = switch (f.kind()) {
                case SWITCH -> "";
                case VALUE -> f.label();
                case REPEATED -> "value";
            };
            if (!type.isEmpty()) {
                line.append(' ').append(type);
            }
            line.append(line.length() <= 4 ? "\t" : "\n    \t").append(f.description().replace("\n", "\n    \t"));
            String d = f.defaultValue();
            if (f.kind() == Flag.Kind.VALUE && !d.isEmpty() && !d.equals("0") && !d.equals("false")) {
                line.append(" (default ").append(type.equals("string") ? "\"" + d + "\"" : d).append(')');
            }
            b.append(line).append('\n');
        }
        return b.toString();
    }
}
