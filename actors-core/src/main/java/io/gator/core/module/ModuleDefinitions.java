package io.gator.core.module;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every module definition on the class path, by name: each module lists itself in
 * {@code META-INF/services/io.gator.core.module.ModuleDefinition}, so adding one edits no list here.
 */
public final class ModuleDefinitions {
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final Map<String, ModuleDefinition<?>> ALL = byName((Iterable) ServiceLoader.load(
            ModuleDefinition.class, ModuleDefinitions.class.getClassLoader()));

    private ModuleDefinitions() {}

    /** Definitions by name; a name given twice is an error. */
    static Map<String, ModuleDefinition<?>> byName(Iterable<ModuleDefinition<?>> definitions) {
        Map<String, ModuleDefinition<?>> m = new LinkedHashMap<>();
        for (ModuleDefinition<?> d : definitions) {
            ModuleDefinition<?> before = m.putIfAbsent(d.name(), d);
            if (before != null) {
                // two definitions answering to one name would make operations ambiguous
                throw new IllegalStateException("module '" + d.name() + "' is defined twice: by "
                        + before.getClass().getName() + " and " + d.getClass().getName());
            }
        }
        return Map.copyOf(m);
    }

    /** The definition of a module. */
    public static Optional<ModuleDefinition<?>> find(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /** The definition of a module; {@link InvalidParametersException} on {@code module} when unknown. */
    public static ModuleDefinition<?> get(String name) {
        return find(name).orElseThrow(() -> new InvalidParametersException("module", "unknown module '" + name + "'"));
    }

    /** All module names, sorted. */
    public static Set<String> names() {
        return new TreeSet<>(ALL.keySet());
    }
}
