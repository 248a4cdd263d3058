package io.gator.agent.persist.query;

import io.gator.core.module.persist.AuditModule;

/** Queries to the persistent {@code audit} module. */
public final class AuditQueryRunner extends PersistentQueryRunner {
    public AuditQueryRunner() {
        super(AuditModule.INSTANCE);
    }
}
