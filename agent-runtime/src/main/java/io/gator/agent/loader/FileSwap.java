package io.gator.agent.loader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How the loader changes files: a new version is written in full to a temporary file in the target's own
 * directory (with the target's mode, synced to disk), then renamed over the target in one step, so that a reader
 * sees the old file or the new one, never a mix. The previous version stays as {@code <file>.old}, a hard link
 * where the filesystem allows (no copy, no moment without the file), else a copy.
 */
public final class FileSwap {
    private FileSwap() {}

    /** What one install changed, enough to undo it. */
    public record Swapped(BundleFile file, boolean hadPrevious) {}

    /** The SHA-256 of a file in lower-case hex, or empty when there is no such file. */
    public static Optional<String> sha256(Path file) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return Optional.of(HexFormat.of().formatHex(md.digest()));
    }

    /** Writes {@code content} next to the file's target, with its mode, synced; returns the temporary file. */
    public static Path stage(BundleFile f, byte[] content) throws IOException {
        Path dir = f.path().toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + f.path().getFileName() + ".", ".loader",
                PosixFilePermissions.asFileAttribute(f.mode()));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        // createTempFile's mode went through the umask
        Files.setPosixFilePermissions(tmp, f.mode());
        return tmp;
    }

    /** Renames a staged file over its target, keeping the current version as {@code .old}. */
    public static Swapped install(BundleFile f, Path staged) throws IOException {
        boolean had = Files.exists(f.path());
        if (had) {
            keep(f.path(), f.oldPath());
        }
        replace(staged, f.path());
        return new Swapped(f, had);
    }

    /** Puts back what {@link #install} replaced ({@code .old}, kept), or removes a file that was not there before. */
    public static void undo(Swapped s) throws IOException {
        BundleFile f = s.file();
        if (!s.hadPrevious()) {
            Files.deleteIfExists(f.path());
            return;
        }
        Path tmp = tempName(f.path(), ".rollback");
        try {
            linkOrCopy(f.oldPath(), tmp);
            replace(tmp, f.path());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Sets the configured mode on an up-to-date file whose mode drifted (mig-loader's entryPermCheck). */
    public static boolean fixMode(BundleFile f) throws IOException {
        if (!Files.getPosixFilePermissions(f.path()).equals(f.mode())) {
            Files.setPosixFilePermissions(f.path(), f.mode());
            return true;
        }
        return false;
    }

    private static void keep(Path file, Path old) throws IOException {
        Path tmp = tempName(old, ".new");
        try {
            linkOrCopy(file, tmp);
            replace(tmp, old);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void linkOrCopy(Path from, Path to) throws IOException {
        Files.deleteIfExists(to);
        try {
            Files.createLink(to, from);
        } catch (UnsupportedOperationException | IOException e) {
            // a filesystem without hard links (or a link across mounts): a copy keeps the version all the same
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static void replace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path tempName(Path next, String suffix) {
        return next.resolveSibling("." + next.getFileName() + suffix + "-" + ProcessHandle.current().pid());
    }
}
