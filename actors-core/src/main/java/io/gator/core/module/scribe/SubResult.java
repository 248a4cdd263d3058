package io.gator.core.module.scribe;

/** One value a test evaluated: its result and where it came from (a package name, a file path, a raw identifier). */
public record SubResult(boolean result, String identifier) {
    public SubResult {
        identifier = identifier == null ? "" : identifier;
    }
}
