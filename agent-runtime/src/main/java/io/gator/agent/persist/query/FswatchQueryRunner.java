package io.gator.agent.persist.query;

import io.gator.core.module.persist.FswatchModule;

/** Queries to the persistent {@code fswatch} module. */
public final class FswatchQueryRunner extends PersistentQueryRunner {
    public FswatchQueryRunner() {
        super(FswatchModule.INSTANCE);
    }
}
