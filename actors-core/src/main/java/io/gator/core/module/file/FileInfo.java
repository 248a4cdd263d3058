package io.gator.core.module.file;

/** What a result says about a matched file; {@code sha256} is upper-case hex or empty. */
public record FileInfo(long size, String mode, String lastModified, String sha256) {
    public static final FileInfo EMPTY = new FileInfo(0, "", "", "");

    public FileInfo {
        mode = mode == null ? "" : mode;
        lastModified = lastModified == null ? "" : lastModified;
        sha256 = sha256 == null ? "" : sha256;
    }
}
