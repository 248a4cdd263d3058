package io.gator.agent.module;

import io.gator.agent.module.agentdestroy.AgentDestroyRunner;
import io.gator.agent.module.file.FileRunner;
import io.gator.agent.module.memory.MemoryRunner;
import io.gator.agent.module.netstat.NetstatRunner;
import io.gator.agent.module.ping.PingRunner;
import io.gator.agent.module.pkg.PkgRunner;
import io.gator.agent.module.timedrift.TimedriftRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The runners this agent has, by module name. */
public final class ModuleRegistry {
    private final Map<String, ModuleRunner<?>> runners;

    public ModuleRegistry(List<ModuleRunner<?>> list) {
        Map<String, ModuleRunner<?>> m = new LinkedHashMap<>();
        list.forEach(r -> m.put(r.name(), r));
        runners = Map.copyOf(m);
    }

    /** Every MIG module Gator implements; timedrift asks the given NTP servers. */
    public static ModuleRegistry standard(List<String> ntpServers) {
        return new ModuleRegistry(List.of(new FileRunner(), new NetstatRunner(), new MemoryRunner(), new PkgRunner(),
                new TimedriftRunner(ntpServers), new PingRunner(), new AgentDestroyRunner()));
    }

    /** Every module, configured from {@code gator.agent.modules} (see reference.conf). */
    public static ModuleRegistry fromConfig(com.typesafe.config.Config config) {
        com.typesafe.config.Config c = config.getConfig("gator.agent.modules");
        return new ModuleRegistry(List.of(new FileRunner(), new NetstatRunner(), new MemoryRunner(), new PkgRunner(),
                new TimedriftRunner(c.getStringList("timedrift.servers"), c.getDuration("timedrift.server-timeout")),
                new PingRunner(), new AgentDestroyRunner()));
    }

    /** Every module, timedrift with MIG's default servers. */
    public static ModuleRegistry standard() {
        return standard(io.gator.core.module.timedrift.TimedriftModule.DEFAULT_SERVERS);
    }

    public Optional<ModuleRunner<?>> find(String name) {
        return Optional.ofNullable(runners.get(name));
    }

    public Set<String> names() {
        return new java.util.TreeSet<>(runners.keySet());
    }
}
