package io.gator.core.module.persist;

/** MIG's persistent {@code fswatch} module as investigators query it. */
public final class FswatchModule extends PersistentQueryModule {
    public static final FswatchModule INSTANCE = new FswatchModule();

    public FswatchModule() {
        super("fswatch",
                "Watches files and directories all the time and alerts on changes; a query asks whether it runs.");
    }
}
