package io.gator.core.module.persist;

/** MIG's persistent {@code dispatch} module as investigators query it. */
public final class DispatchModule extends PersistentQueryModule {
    public static final DispatchModule INSTANCE = new DispatchModule();

    public DispatchModule() {
        super("dispatch", "Ships the agent's alerts to an HTTP collector all the time; a query asks whether it runs.");
    }
}
