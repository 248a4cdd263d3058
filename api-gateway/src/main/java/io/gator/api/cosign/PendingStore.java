package io.gator.api.cosign;

import java.util.List;
import java.util.Optional;

/** Where pending actions live; blocking calls (the service runs them off the HTTP threads). */
public interface PendingStore {
    /** Adds a new pending action; false when its ID is taken. */
    boolean insert(PendingAction p);

    Optional<PendingAction> get(long id);

    /** Newest first; only those awaiting signatures unless {@code all}; at most {@code limit}. */
    List<PendingAction> list(boolean all, int limit);

    /**
     * Stores {@code next} in place of the record at {@code next.version() - 1}; false when another change came
     * first (the caller reads again).
     */
    boolean replace(PendingAction next);
}
