package io.gator.agent.persist.fswatch;

import java.time.Instant;
import java.util.Optional;

/**
 * One object of a profile entry: a file or directory, watched itself ({@code monitored}) or covered by its
 * directory's watch, with its last two hashes and its last alert.
 */
final class WatchedObject {
    final String path;
    final boolean directory;
    final boolean monitored;
    byte[] previous = new byte[0];
    byte[] current = new byte[0];
    Optional<Instant> lastAlert = Optional.empty();

    WatchedObject(String path, boolean directory, boolean monitored) {
        this.path = path;
        this.directory = directory;
        this.monitored = monitored;
    }
}
