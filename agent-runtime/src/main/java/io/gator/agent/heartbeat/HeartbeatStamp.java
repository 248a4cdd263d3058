package io.gator.agent.heartbeat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The file an agent rewrites after each heartbeat it published ({@code gator.agent.heartbeat-stamp}), and which
 * {@code gator loader} reads to tell that an agent it restarted is alive: one line, the heartbeat's instant
 * (ISO-8601) and the agent's pid. Written to a temporary file and renamed, so a reader never sees half a line;
 * the instant is read from the content rather than the file's mtime, whose granularity some filesystems coarsen.
 */
public final class HeartbeatStamp {
    private static final int MAX_BYTES = 256;

    private HeartbeatStamp() {}

    /** Records a heartbeat published at {@code at} by process {@code pid}. */
    public static void write(Path stamp, Instant at, long pid) throws IOException {
        Path dir = stamp.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + stamp.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, at + " " + pid + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, stamp, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, stamp, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A heartbeat recorded: when, and by which process (0 when the stamp names none). */
    public record Beat(Instant at, long pid) {}

    /** The instant of the last heartbeat recorded, or empty when there is no readable stamp. */
    public static Optional<Instant> read(Path stamp) {
        return readBeat(stamp).map(Beat::at);
    }

    /** The last heartbeat recorded with its pid, or empty when there is no readable stamp. */
    public static Optional<Beat> readBeat(Path stamp) {
        try {
            if (!Files.isRegularFile(stamp) || Files.size(stamp) > MAX_BYTES) {
                return Optional.empty();
            }
            String line = Files.readString(stamp, StandardCharsets.US_ASCII).trim();
            int space = line.indexOf(' ');
            Instant at = Instant.parse(space < 0 ? line : line.substring(0, space));
            long pid = 0;
            if (space >= 0) {
                try {
                    pid = Long.parseLong(line.substring(space + 1).trim());
                } catch (NumberFormatException e) {
                    pid = 0;
                }
            }
            return Optional.of(new Beat(at, pid));
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
