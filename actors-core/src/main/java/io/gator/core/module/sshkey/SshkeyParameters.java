package io.gator.core.module.sshkey;

import java.util.List;

/**
 * The sshkey module's parameters.
 *
 * @param paths    where to look; none means the system's default home directories
 * @param maxDepth how deep to descend, the search root counting as 1; 0 means the default
 */
public record SshkeyParameters(List<String> paths, int maxDepth) {
    public SshkeyParameters {
        paths = paths == null ? List.of() : List.copyOf(paths);
    }
}
