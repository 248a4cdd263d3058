package io.gator.agent.loader;

import io.gator.core.manifest.Manifest;
import io.gator.core.manifest.ManifestArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The manifests this host rolled back, so that the next timer run does not install them again: one line each in
 * {@code <state-dir>/refused-manifests}, {@code <sha256 of the signed string> <instant> <reason>}. A manifest is
 * known by its signed string, so a new manifest (other files, other hashes) is tried even if signed by the same
 * investigators.
 */
public final class RefusedManifests {
    /** The file is read up to this size; past it the oldest lines are dropped when the next one is added. */
    private static final int MAX_BYTES = 256 * 1024;
    private static final int KEEP_LINES = 500;

    private final Path file;

    public RefusedManifests(Path stateDir) {
        this.file = stateDir.resolve("refused-manifests");
    }

    public Path file() {
        return file;
    }

    /** The manifest's identity: SHA-256 of its signed string. */
    public static String id(Manifest m) {
        return ManifestArchive.sha256(m.signedString().getBytes(StandardCharsets.UTF_8));
    }

    /** The line that refused this manifest, if one did. */
    public Optional<String> refusal(Manifest m) throws IOException {
        String id = id(m);
        return lines().stream().filter(l -> l.startsWith(id + " ")).findFirst();
    }

    /** Remembers a rolled-back manifest. */
    public void add(Manifest m, Instant at, String reason) throws IOException {
        List<String> lines = new java.util.ArrayList<>(lines());
        lines.add(id(m) + " " + at + " " + reason.replaceAll("[\\r\\n]", " "));
        if (lines.size() > KEEP_LINES) {
            lines = lines.subList(lines.size() - KEEP_LINES, lines.size());
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private List<String> lines() throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + " is larger than " + MAX_BYTES + " bytes; remove it to forget refused manifests");
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }
}
