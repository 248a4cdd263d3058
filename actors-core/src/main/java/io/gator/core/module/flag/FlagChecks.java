package io.gator.core.module.flag;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks and JSON helpers shared by the modules' flag forms. */
public final class FlagChecks {
    private FlagChecks() {}

    /** MIG refuses a bad regular expression before launch, naming it; a leading '!' negates and is not part of it. */
    public static void regexes(List<String> values) {
        for (String v : values) {
            String re = v.startsWith("!") ? v.substring(1) : v;
            try {
                Pattern.compile(re);
            } catch (PatternSyntaxException e) {
                throw new InvalidFlagException("Invalid regexp '" + v + "'. Must be a regexp. Compilation failed with '"
                        + e.getDescription() + " near index " + e.getIndex() + "'");
            }
        }
    }

    public static void matching(List<String> values, String regex, String what) {
        for (String v : values) {
            if (!v.matches(regex)) {
                throw new InvalidFlagException("Invalid " + what + " '" + v + "'");
            }
        }
    }

    /** Go's decimal float syntax, as MIG's float64 flags read it (no Inf, NaN or hex floats). */
    private static final Pattern NUMBER = Pattern.compile("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$");

    /** A numeric flag as MIG's {@code flag.Float64Var} reads it: decimals allowed. */
    public static double number(String flag, String value) {
        if (!NUMBER.matcher(value.trim()).matches()) {
            throw new InvalidFlagException("invalid value '" + value + "' for flag " + flag + ": not a number");
        }
        return Double.parseDouble(value.trim());
    }

    /** A count or limit: a non-negative number, decimals cut to the whole part as MIG's agent does. */
    public static long whole(String flag, String value) {
        double d = number(flag, value);
        if (d < 0 || d >= 0x1p63) {
            throw new InvalidFlagException("invalid value '" + value + "' for flag " + flag + ": must be between 0 and "
                    + Long.MAX_VALUE);
        }
        return (long) d;
    }

    /** Puts a number as Go's JSON writes a float64: whole numbers without a decimal point. */
    public static void putNumber(ObjectNode o, String key, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
            o.put(key, (long) v);
        } else {
            o.put(key, v);
        }
    }

    /** Sets {@code key} to the values as a JSON array, unless there are none (MIG omits empty lists). */
    public static void putIfAny(ObjectNode o, String key, List<String> values) {
        if (!values.isEmpty()) {
            o.set(key, array(values));
        }
    }

    public static ArrayNode array(List<String> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
