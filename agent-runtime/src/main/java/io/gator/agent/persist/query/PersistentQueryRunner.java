package io.gator.agent.persist.query;

import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRunner;
import io.gator.agent.persist.PersistentModules;
import io.gator.core.command.Result;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.persist.PersistentQuery;
import io.gator.core.module.persist.PersistentQueryModule;

/**
 * The agent side of a query to a persistent module. The agent's invoker sends such a query to its running module
 * (through the persistent-module host), and {@code gator agent -m <name>} to MIG's query socket; run on its own,
 * without either, the module is not running here.
 */
public abstract class PersistentQueryRunner implements ModuleRunner<PersistentQuery> {
    private final PersistentQueryModule definition;

    protected PersistentQueryRunner(PersistentQueryModule definition) {
        this.definition = definition;
    }

    @Override
    public ModuleDefinition<PersistentQuery> definition() {
        return definition;
    }

    @Override
    public Result run(PersistentQuery params, ModuleContext ctx) {
        return Result.failure(PersistentModules.notRegistered(name()));
    }
}
