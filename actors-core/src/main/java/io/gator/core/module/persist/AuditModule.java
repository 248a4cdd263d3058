package io.gator.core.module.persist;

/** MIG's persistent {@code audit} module as investigators query it. */
public final class AuditModule extends PersistentQueryModule {
    public static final AuditModule INSTANCE = new AuditModule();

    public AuditModule() {
        super("audit", "Forwards the kernel's audit events as alerts all the time; a query asks whether it runs.");
    }
}
