package io.gator.agent.module;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.agent.command.ModuleInvoker;
import io.gator.agent.persist.PersistentQueries;
import io.gator.agent.persist.query.PersistentQueryRunner;
import io.gator.agent.verify.ModuleCatalog;
import io.gator.core.command.Result;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Connects the module registry to the agent's actors: the catalog the verifier consults before
 * anything runs, and the invoker the module runner actors call on a module thread. Each run gets
 * its own context; the thread's interrupt (the timeout) is how a run is cancelled.
 */
public final class RegistryModules implements ModuleCatalog, ModuleInvoker {
    private final ModuleRegistry registry;
    private final boolean extraPrivacy;
    private final Path root;
    private final PersistentQueries persistent;
    private final RunLimits limits;

    public RegistryModules(ModuleRegistry registry, boolean extraPrivacy, Path root) {
        this(registry, extraPrivacy, root, new PersistentQueries());
    }

    /** Modules whose queries to persistent modules go to the host {@code persistent} is bound to. */
    public RegistryModules(ModuleRegistry registry, boolean extraPrivacy, Path root, PersistentQueries persistent) {
        this(registry, extraPrivacy, root, persistent, RunLimits.NONE);
    }

    /** As above, each run held to {@code limits} (the agent's {@code gator.agent.limits}). */
    public RegistryModules(ModuleRegistry registry, boolean extraPrivacy, Path root, PersistentQueries persistent,
                           RunLimits limits) {
        this.limits = limits;
        this.registry = registry;
        this.extraPrivacy = extraPrivacy;
        this.root = root;
        this.persistent = persistent;
    }

    @Override
    public boolean has(String module) {
        return registry.find(module).isPresent();
    }

    @Override
    public void validate(String module, JsonNode parameters) {
        registry.find(module).orElseThrow().definition().parse(parameters);
    }

    @Override
    public Result invoke(String module, JsonNode parameters) throws InterruptedException {
        ModuleRunner<?> runner = registry.find(module)
                .orElseThrow(() -> new IllegalArgumentException("module '" + module + "' is not available"));
        if (runner instanceof PersistentQueryRunner) {
            return persistent.query(module, parameters);
        }
        RunBudget budget = new RunBudget(limits);
        budget.enlist();
        return runner.runJson(parameters, new ModuleContext(new AtomicBoolean(), extraPrivacy, root, budget));
    }
}
