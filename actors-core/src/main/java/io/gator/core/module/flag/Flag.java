package io.gator.core.module.flag;

import java.util.List;

/**
 * One flag a module is launched with, as data a command line parser or a form is built from.
 *
 * @param names        the flag's spellings, the first one its name in {@link FlagValues}
 * @param kind         whether it is a switch, takes one value or repeats
 * @param defaultValue the value of a {@link Kind#VALUE} flag not given; empty for the other kinds
 * @param label        what the value is, shown as {@code <label>}
 * @param description  help text; may be empty
 */
public record Flag(List<String> names, Kind kind, String defaultValue, String label, String description) {
    /** How a flag takes values. */
    public enum Kind {
        /** present or not, no value */
        SWITCH,
        /** one value, {@link #defaultValue()} when not given */
        VALUE,
        /** one value each time it is given; none when not given */
        REPEATED
    }

    public Flag {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a flag needs a name");
        }
    }

    /** The name its value is read by. */
    public String name() {
        return names.get(0);
    }

    public static Flag toggle(String name, String description) {
        return new Flag(List.of(name), Kind.SWITCH, "", "", description);
    }

    public static Flag value(String name, String label, String defaultValue, String description) {
        return new Flag(List.of(name), Kind.VALUE, defaultValue, label, description);
    }

    /** A value flag with other spellings, e.g. MIG's name and the one its help text promises. */
    public static Flag value(List<String> names, String label, String defaultValue, String description) {
        return new Flag(names, Kind.VALUE, defaultValue, label, description);
    }

    public static Flag repeated(String name, String label, String description) {
        return new Flag(List.of(name), Kind.REPEATED, "", label, description);
    }
}
