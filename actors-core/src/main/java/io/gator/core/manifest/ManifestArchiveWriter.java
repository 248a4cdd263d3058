package io.gator.core.manifest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds the tar.gz content of a manifest record from named files, in the order given: what MIG's operators pack
 * by hand ({@code tar czf}) before {@code create manifest}. The result reads back with {@link ManifestArchive#read}
 * to the same names and SHA-256s.
 */
public final class ManifestArchiveWriter {
    /** One file to pack: its bundle name ({@code mig-agent}, {@code configuration}, ...) and content. */
    public record Input(String name, byte[] content) {
        public Input {
            content = content.clone();
        }
    }

    private ManifestArchiveWriter() {}

    /**
     * The tar.gz of these files, each a regular file at the archive's top level, mode 0755 for the two programs
     * and 0644 otherwise, dated {@code mtime}. Refuses no file, a duplicate name or a name with a slash.
     */
    public static byte[] pack(List<Input> files, Instant mtime) {
        if (files.isEmpty()) {
            throw new InvalidManifestException("a manifest needs at least one file");
        }
        Set<String> names = new HashSet<>();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(buf))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Input f : files) {
                if (f.name().isEmpty() || f.name().contains("/") || f.name().equals(".") || f.name().equals("..")) {
                    throw new InvalidManifestException("unusable manifest file name '" + f.name() + "'");
                }
                if (!names.add(f.name())) {
                    throw new InvalidManifestException("two manifest files named " + f.name());
                }
                TarArchiveEntry e = new TarArchiveEntry(f.name());
                e.setSize(f.content().length);
                e.setMode(f.name().equals("mig-agent") || f.name().equals("mig-loader") ? 0100755 : 0100644);
                e.setModTime(mtime.toEpochMilli());
                tar.putArchiveEntry(e);
                tar.write(f.content());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }
}
