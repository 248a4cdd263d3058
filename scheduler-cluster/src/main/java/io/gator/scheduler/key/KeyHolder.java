package io.gator.scheduler.key;

import io.gator.core.sign.Signer;
import io.gator.persistence.Database;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler key of a running node, loaded (or generated) in the background: RSA generation takes seconds
 * and the database may be down at start, so callers ask {@link #loaded()} and skip what needs the key until it
 * is there; a failed load is retried on the next ask.
 */
public final class KeyHolder {
    private static final Logger log = LoggerFactory.getLogger(KeyHolder.class);

    private final Database db;
    private final KeySettings settings;
    private final Clock clock;
    private final Executor blocking;
    private final AtomicReference<SchedulerKey.Loaded> key = new AtomicReference<>();
    private final AtomicBoolean loading = new AtomicBoolean();

    public KeyHolder(Database db, KeySettings settings, Clock clock, Executor blocking) {
        this.db = db;
        this.settings = settings;
        this.clock = clock;
        this.blocking = blocking;
    }

    /** The key if loaded; otherwise starts loading it (once at a time) and answers empty. */
    public Optional<SchedulerKey.Loaded> loaded() {
        SchedulerKey.Loaded k = key.get();
        if (k == null && loading.compareAndSet(false, true)) {
            CompletableFuture.supplyAsync(() -> SchedulerKey.ensure(db, settings, clock), blocking)
                    .whenComplete((loaded, err) -> {
                        if (err != null) {
                            log.warn("loading the scheduler key failed (retried when next needed): {}", err.toString());
                        } else {
                            key.set(loaded);
                            log.info("scheduler key {} ready (investigator {})", loaded.fingerprint(),
                                    loaded.investigator().id());
                        }
                        loading.set(false);
                    });
        }
        return Optional.ofNullable(k);
    }

    public Optional<Signer> signer() {
        return loaded().map(SchedulerKey.Loaded::signer);
    }
}
