package io.gator.core.module.file;

import java.util.List;

/**
 * Options of one file search, as MIG's {@code options}. Zero limits mean unlimited.
 *
 * @param mismatch filters whose sense is inverted: name, size, mode, mtime, content, md5, sha1, sha2, sha3
 * @param macroal  "match all contents on all lines": every line must match each content regex
 */
public record FileOptions(long maxDepth, long maxErrors, boolean remoteFs, boolean matchAll, boolean macroal,
        List<String> mismatch, long matchLimit, String debug, boolean returnSha256, boolean decompress) {
    public static final List<String> FILTERS =
            List.of("name", "size", "mode", "mtime", "content", "md5", "sha1", "sha2", "sha3");

    public FileOptions {
        mismatch = mismatch == null ? List.of() : List.copyOf(mismatch);
        debug = debug == null ? "" : debug;
    }

    /** MIG's CLI defaults: matchall, maxdepth 1000, maxerrors 30, matchlimit 1000. */
    public static FileOptions defaults() {
        return new FileOptions(1000, 30, false, true, false, List.of(), 1000, "", false, false);
    }

    public boolean hasMismatch(String filter) {
        return mismatch.contains(filter);
    }

    /** The copy MIG puts in results: limits zeroed. */
    public FileOptions forResult() {
        return new FileOptions(0, 0, remoteFs, matchAll, macroal, mismatch, 0, debug, returnSha256, decompress);
    }
}
