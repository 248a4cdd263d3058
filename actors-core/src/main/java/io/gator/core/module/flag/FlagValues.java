package io.gator.core.module.flag;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The values given for a module's flags, by {@link Flag#name()}: switches as booleans, values as strings. */
public final class FlagValues {
    private final Map<String, Object> values;
    private final Path clientRoot;
    private final Optional<byte[]> clientContent;

    private FlagValues(Map<String, Object> values, Path clientRoot, Optional<byte[]> clientContent) {
        this.values = values;
        this.clientRoot = clientRoot;
        this.clientContent = clientContent;
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
        return new FlagValues(Map.copyOf(values), clientRoot, Optional.empty());
    }

    /**
     * As {@link #of(Map)}, with the content of the file the module's file flag names, read by the investigator's
     * browser: the flag code uses it instead of opening a file, so a server building parameters opens none.
     */
    public static FlagValues withClientContent(Map<String, ?> values, byte[] content) {
        return new FlagValues(Map.copyOf(values), Path.of("/"), Optional.of(content.clone()));
    }

    /** The file flag's content when the investigator's browser sent it; empty when the flag code reads the file. */
    public Optional<byte[]> clientContent() {
        return clientContent.map(byte[]::clone);
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
