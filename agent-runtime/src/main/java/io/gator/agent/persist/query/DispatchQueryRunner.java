package io.gator.agent.persist.query;

import io.gator.core.module.persist.DispatchModule;

/** Queries to the persistent {@code dispatch} module. */
public final class DispatchQueryRunner extends PersistentQueryRunner {
    public DispatchQueryRunner() {
        super(DispatchModule.INSTANCE);
    }
}
