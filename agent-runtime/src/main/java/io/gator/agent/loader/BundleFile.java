package io.gator.agent.loader;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * One file the loader keeps up to date, named as MIG's loader bundle names it ({@code mig-agent},
 * {@code configuration}, ...): where it lives, its mode, and whether replacing it needs the agent restarted.
 * As MIG's bundle dictionary, the manifest names a file; only the loader's configuration says where it goes.
 */
public record BundleFile(String name, Path path, Set<PosixFilePermission> mode, boolean restartsAgent) {
    public BundleFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        mode = Set.copyOf(mode);
    }

    /** The mode as {@code rwx------}. */
    public String modeString() {
        return PosixFilePermissions.toString(mode);
    }

    /** Where the previous version is kept. */
    public Path oldPath() {
        return path.resolveSibling(path.getFileName() + ".old");
    }
}
