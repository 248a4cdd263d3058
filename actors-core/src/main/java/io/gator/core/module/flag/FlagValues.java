package io.gator.core.module.flag;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The values given for a module's flags, by {@link Flag#name()}: switches as booleans, values as strings. */
public final class FlagValues {
    private final Map<String, Object> values;
    private final Path clientRoot;

    private FlagValues(Map<String, Object> values, Path clientRoot) {
        this.values = values;
        this.clientRoot = clientRoot;
    }

    /**
     * The values of every flag of a form: a {@link Boolean} for a switch, a {@link String} for a value, a
     * {@code List<String>} for a repeated flag.
     */
    public static FlagValues of(Map<String, ?> values) {
        return of(values, Path.of("/"));
    }

    /** As {@link #of(Map)}, files named by flags being read under {@code clientRoot} (a fixture tree in tests). */
    public static FlagValues of(Map<String, ?> values, Path clientRoot) {
        return new FlagValues(Map.copyOf(values), clientRoot);
    }

    /** A file named by a flag, read on the investigator's machine (MIG's client opens such files itself). */
    public Path clientFile(String path) {
        Path given = Path.of(path);
        if (!given.isAbsolute() || clientRoot.equals(Path.of("/"))) {
            return given;
        }
        return clientRoot.resolve(path.substring(1));
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
