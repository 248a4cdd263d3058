package io.gator.core.manifest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The files of a manifest, read from the tar.gz an investigator uploads: regular files only, in archive order,
 * each named by its base name (as MIG's API does). Unlike MIG's API, every file is hashed and served whole: MIG
 * drops the last partial 4 KiB block of each file (a bug in its tar reading), so the same archive gives
 * different hashes there than here, and Gator's are those of the files as packed.
 */
public final class ManifestArchive {
    /** Bounds checked while reading, before anything is held in memory beyond them. */
    public record Limits(int maxFiles, long maxFileBytes, long maxTotalBytes) {
        public static final Limits DEFAULT = new Limits(64, 256L << 20, 512L << 20);

        public Limits {
            if (maxFiles < 1 || maxFileBytes < 1 || maxTotalBytes < 1) {
                throw new IllegalArgumentException("manifest archive limits must be positive");
            }
        }
    }

    /** One file of the archive. */
    public record File(String name, byte[] content, String sha256) {
        public File {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        public long size() {
            return content.length;
        }
    }

    private final List<File> files;

    private ManifestArchive(List<File> files) {
        this.files = List.copyOf(files);
    }

    /** Reads a tar.gz archive; refuses an empty one, duplicate names, unsafe names and anything past the limits. */
    public static ManifestArchive read(byte[] tarGz, Limits limits) {
        List<File> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long total = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new ByteArrayInputStream(tarGz)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isFile()) {
                    continue;
                }
                if (files.size() == limits.maxFiles()) {
                    throw new InvalidManifestException("manifest archive has more than " + limits.maxFiles()
                            + " files");
                }
                String name = baseName(e.getName());
                checkName(name);
                if (!names.add(name)) {
                    throw new InvalidManifestException("manifest archive has two files named " + name);
                }
                if (e.getSize() > limits.maxFileBytes()) {
                    throw new InvalidManifestException("manifest file " + name + " is larger than "
                            + limits.maxFileBytes() + " bytes");
                }
                total += e.getSize();
                if (total > limits.maxTotalBytes()) {
                    throw new InvalidManifestException("manifest archive holds more than "
                            + limits.maxTotalBytes() + " bytes");
                }
                byte[] content = readBounded(tar, e.getSize());
                files.add(new File(name, content, sha256(content)));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidManifestException("manifest content is not a readable tar.gz archive: "
                    + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new InvalidManifestException("manifest archive holds no regular file");
        }
        return new ManifestArchive(files);
    }

    /** Reads with {@link Limits#DEFAULT}. */
    public static ManifestArchive read(byte[] tarGz) {
        return read(tarGz, Limits.DEFAULT);
    }

    public List<File> files() {
        return files;
    }

    public Optional<File> file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The unsigned manifest of these files, in archive order. */
    public Manifest manifest() {
        return Manifest.of(files.stream().map(f -> new ManifestEntry(f.name(), f.sha256())).toList());
    }

    /** What {@code /manifest/fetch/} serves for a file: base64 of its gzip. */
    public static String fetchData(byte[] content) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(content.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(buf.toByteArray());
    }

    /** The file a loader received from {@code /manifest/fetch/}, gunzipped, refused past {@code maxBytes}. */
    public static byte[] fetchedContent(String base64Gzip, long maxBytes) {
        byte[] gz;
        try {
            gz = Base64.getDecoder().decode(base64Gzip);
        } catch (IllegalArgumentException e) {
            throw new InvalidManifestException("fetched file is not base64: " + e.getMessage(), e);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return readBounded(in, -1, maxBytes);
        } catch (IOException e) {
            throw new InvalidManifestException("fetched file is not gzip data: " + e.getMessage(), e);
        }
    }

    /** Lower-case hex SHA-256. */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static String baseName(String path) {
        String p = path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        return slash < 0 ? p : p.substring(slash + 1);
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.length() > 255) {
            throw new InvalidManifestException("manifest archive has a file with an unusable name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new InvalidManifestException("manifest archive has a file name with a control character");
            }
        }
    }

    private static byte[] readBounded(InputStream in, long size) throws IOException {
        return readBounded(in, size, size);
    }

    private static byte[] readBounded(InputStream in, long expected, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(expected > 0 ? (int) Math.min(expected, 1 << 20) : 8192);
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > max) {
                throw new InvalidManifestException("file is larger than " + max + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
