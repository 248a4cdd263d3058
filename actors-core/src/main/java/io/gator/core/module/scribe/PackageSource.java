package io.gator.core.module.scribe;

/**
 * Installed packages named {@code name} (or whose name matches {@code collectMatch}); the value is the version.
 *
 * @param onlyNewest keep only the newest version found
 */
public record PackageSource(String name, String collectMatch, boolean onlyNewest) implements ObjectSource {
    public static final PackageSource EMPTY = new PackageSource("", "", false);

    public PackageSource {
        name = name == null ? "" : name;
        collectMatch = collectMatch == null ? "" : collectMatch;
    }
}
