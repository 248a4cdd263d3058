package io.gator.agent.command;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * At most {@code limit} items running at once; later ones wait in arrival order. Not thread-safe: its owner is
 * one actor.
 *
 * @param <T> what is waiting or running, by ticket
 */
final class ConcurrencyLimiter<T> {
    private record Waiting<T>(long ticket, T item) {}

    private final int limit;
    private final Deque<Waiting<T>> waiting = new ArrayDeque<>();
    private final Map<Long, T> running = new HashMap<>();

    ConcurrencyLimiter(int limit) {
        this.limit = limit;
    }

    void enqueue(long ticket, T item) {
        waiting.addLast(new Waiting<>(ticket, item));
    }

    /** Moves waiting items to running while there is room; returns them, to be started in this order. */
    List<Map.Entry<Long, T>> startable() {
        List<Map.Entry<Long, T>> start = new ArrayList<>();
        while (running.size() < limit && !waiting.isEmpty()) {
            Waiting<T> w = waiting.removeFirst();
            running.put(w.ticket(), w.item());
            start.add(Map.entry(w.ticket(), w.item()));
        }
        return start;
    }

    /** Frees a running item's place; empty if the ticket was not running. */
    Optional<T> finished(long ticket) {
        return Optional.ofNullable(running.remove(ticket));
    }
}
