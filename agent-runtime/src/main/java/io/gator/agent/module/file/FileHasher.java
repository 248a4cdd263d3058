package io.gator.agent.module.file;

import io.gator.agent.module.ModuleContext;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/** Opens files (gunzipping when asked) and computes their digests in one pass. Thread-safe but for readBuffer. */
final class FileHasher {
    /**
     * Read size when hashing. 64 KB, not more: each read also passes through a temporary native buffer of the
     * same size (the JDK's per-thread cache, kept while the thread lives) and a JNA buffer to libcrypto, and a
     * larger heap array goes straight to the old generation; with 1 MB buffers an agent kept some 6 MB more RSS
     * after one search (docs/performance.md).
     */
    static final int BUFFER = 1 << 16;

    private final ModuleContext ctx;
    /** The walk's own read buffer, made on first use: most searches (names, sizes, modes) never read a file. */
    private byte[] buffer;

    FileHasher(ModuleContext ctx) {
        this.ctx = ctx;
    }

    /** The walking thread's buffer (hashing threads bring their own). */
    byte[] readBuffer() {
        if (buffer == null) {
            buffer = new byte[BUFFER];
        }
        return buffer;
    }

    static InputStream open(Path p, boolean decompress) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        if (decompress) {
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            if (b1 == 0x1f && b2 == 0x8b) {
                return new GZIPInputStream(in, 1 << 16);
            }
        }
        return in;
    }

    /** Every needed digest in one pass, lower-case hex by algorithm; {@code buffer} is the caller's. */
    Map<String, String> digests(Path p, Set<String> algorithms, boolean decompress, byte[] buffer)
            throws IOException {
        Map<String, NativeDigests.Digest> mds = new LinkedHashMap<>();
        try {
            for (String algorithm : algorithms) {
                mds.put(algorithm, NativeDigests.create(algorithm));
            }
            try (InputStream in = decompress ? open(p, true) : Files.newInputStream(p)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    ctx.checkCancelled(FileRunner.NAME);
                    for (NativeDigests.Digest md : mds.values()) {
                        md.update(buffer, 0, n);
                    }
                }
            }
            Map<String, String> out = new LinkedHashMap<>();
            mds.forEach((k, md) -> out.put(k, HexFormat.of().formatHex(md.digest())));
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            mds.values().forEach(NativeDigests.Digest::close); // native state freed on errors too
        }
    }

    /** Upper-case hex, as MIG's returnsha256. */
    String sha256(Path p) throws IOException {
        return digests(p, Set.of("SHA-256"), false, readBuffer()).get("SHA-256").toUpperCase(Locale.ROOT);
    }
}
