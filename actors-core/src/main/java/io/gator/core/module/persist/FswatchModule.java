package io.gator.core.module.persist;

/** MIG's persistent {@code fswatch} module as investigators query it. */
public final class FswatchModule extends PersistentQueryModule {
    public static final FswatchModule INSTANCE = new FswatchModule();

    public FswatchModule() {
        super("fswatch", "Watches files and directories for changes all the time and raises alerts; a query asks whether it runs.");
    }
}
