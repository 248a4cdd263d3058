package io.gator.agent.module;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The runners this agent has, by module name. Every runner on the class path is found through
 * {@link ServiceLoader} ({@code META-INF/services/io.gator.agent.module.ModuleRunner}), so adding a module edits
 * no list here.
 */
public final class ModuleRegistry {
    private final Map<String, ModuleRunner<?>> runners;

    /** The given runners; a module name given twice is an error. */
    public ModuleRegistry(List<ModuleRunner<?>> list) {
        Map<String, ModuleRunner<?>> m = new LinkedHashMap<>();
        for (ModuleRunner<?> r : list) {
            ModuleRunner<?> before = m.putIfAbsent(r.name(), r);
            if (before != null) {
                // two runners for one module: which one an operation gets would be an accident of the class path
                throw new IllegalStateException("module '" + r.name() + "' has two runners: "
                        + before.getClass().getName() + " and " + r.getClass().getName());
            }
        }
        runners = Map.copyOf(m);
    }

    /** Every runner with its defaults (timedrift asks MIG's default NTP servers). */
    public static ModuleRegistry standard() {
        return new ModuleRegistry(discovered());
    }

    /** Every runner, each configured from its {@code gator.agent.modules.<name>} section when there is one. */
    public static ModuleRegistry fromConfig(Config config) {
        Config modules = config.getConfig("gator.agent.modules");
        return new ModuleRegistry(discovered().stream()
                .<ModuleRunner<?>>map(r -> modules.hasPath(r.name()) ? r.configured(modules.getConfig(r.name())) : r)
                .toList());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<ModuleRunner<?>> discovered() {
        return (List) ServiceLoader.load(ModuleRunner.class, ModuleRegistry.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
    }

    public Optional<ModuleRunner<?>> find(String name) {
        return Optional.ofNullable(runners.get(name));
    }

    public Set<String> names() {
        return new TreeSet<>(runners.keySet());
    }
}
