package io.gator.core.module.scribe;

/** Files under {@code path} whose name matches {@code file}; the value is the pattern's first group. */
public record FileNameSource(String path, String file) implements ObjectSource {
    public static final FileNameSource EMPTY = new FileNameSource("", "");

    public FileNameSource {
        path = path == null ? "" : path;
        file = file == null ? "" : file;
    }
}
