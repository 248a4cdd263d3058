package io.gator.core.module;

import io.gator.core.module.agentdestroy.AgentDestroyModule;
import io.gator.core.module.file.FileModule;
import io.gator.core.module.memory.MemoryModule;
import io.gator.core.module.netstat.NetstatModule;
import io.gator.core.module.ping.PingModule;
import io.gator.core.module.pkg.PkgModule;
import io.gator.core.module.timedrift.TimedriftModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Registry of every module definition, by name. */
public final class ModuleDefinitions {
    private static final Map<String, ModuleDefinition<?>> ALL;

    static {
        Map<String, ModuleDefinition<?>> m = new LinkedHashMap<>();
        for (ModuleDefinition<?> d : List.of(FileModule.INSTANCE, NetstatModule.INSTANCE, MemoryModule.INSTANCE,
                PkgModule.INSTANCE, TimedriftModule.INSTANCE, PingModule.INSTANCE, AgentDestroyModule.INSTANCE)) {
            m.put(d.name(), d);
        }
        ALL = Map.copyOf(m);
    }

    private ModuleDefinitions() {}

    /** The definition of a module. */
    public static Optional<ModuleDefinition<?>> find(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /** The definition of a module; {@link InvalidParametersException} on {@code module} when unknown. */
    public static ModuleDefinition<?> get(String name) {
        return find(name).orElseThrow(() -> new InvalidParametersException("module", "unknown module '" + name + "'"));
    }

    /** All module names. */
    public static java.util.Set<String> names() {
        return new java.util.TreeSet<>(ALL.keySet());
    }
}
