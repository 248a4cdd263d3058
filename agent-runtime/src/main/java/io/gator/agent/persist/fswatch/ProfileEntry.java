package io.gator.agent.persist.fswatch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One configured path of fswatch's profile and the objects it currently covers (the path itself, a recursive
 * entry's sub-directories, the files of its directories). Empty after its last object was removed, until the path
 * reappears.
 */
final class ProfileEntry {
    final String path;
    final boolean recursive;
    final Map<String, WatchedObject> objects = new LinkedHashMap<>();

    ProfileEntry(String path, boolean recursive) {
        this.path = path;
        this.recursive = recursive;
    }

    /** An entry from MIG's configuration syntax: a path, or {@code recursive:} and a path. */
    static ProfileEntry parse(String configured) {
        return configured.startsWith("recursive:")
                ? new ProfileEntry(configured.substring("recursive:".length()), true)
                : new ProfileEntry(configured, false);
    }
}
