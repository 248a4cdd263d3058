package io.gator.api.cosign;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Pending actions in memory: for tests and for a node without a database; lost at restart. */
public final class MemoryPendingStore implements PendingStore {
    private final Map<Long, PendingAction> byId = new ConcurrentHashMap<>();

    @Override
    public boolean insert(PendingAction p) {
        return byId.putIfAbsent(p.id(), p) == null;
    }

    @Override
    public Optional<PendingAction> get(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<PendingAction> list(boolean all, int limit) {
        return byId.values().stream().filter(p -> all || p.status() == PendingStatus.AWAITING)
                .sorted(Comparator.comparing(PendingAction::createdAt).thenComparing(PendingAction::id).reversed())
                .limit(limit).toList();
    }

    @Override
    public boolean replace(PendingAction next) {
        boolean[] done = {false};
        byId.computeIfPresent(next.id(), (id, cur) -> {
            if (cur.version() + 1 == next.version()) {
                done[0] = true;
                return next;
            }
            return cur;
        });
        return done[0];
    }

    /** Forgets everything (tests start afresh). */
    public void clear() {
        byId.clear();
    }
}
