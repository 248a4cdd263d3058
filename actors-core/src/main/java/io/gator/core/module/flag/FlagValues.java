package io.gator.core.module.flag;

import java.util.List;
import java.util.Map;

/** The values given for a module's flags, by {@link Flag#name()}: switches as booleans, values as strings. */
public final class FlagValues {
    private final Map<String, Object> values;

    private FlagValues(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * The values of every flag of a form: a {@link Boolean} for a switch, a {@link String} for a value, a
     * {@code List<String>} for a repeated flag.
     */
    public static FlagValues of(Map<String, ?> values) {
        return new FlagValues(Map.copyOf(values));
    }

    public boolean isSet(String name) {
        return (Boolean) get(name);
    }

    public String value(String name) {
        return (String) get(name);
    }

    @SuppressWarnings("unchecked")
    public List<String> values(String name) {
        return List.copyOf((List<String>) get(name));
    }

    private Object get(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no flag " + name);
        }
        return v;
    }
}
