package io.gator.agent.command;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last {@code capacity} commands an agent answered, oldest first, optionally kept in a file of the agent's
 * state directory so that a restarted agent does not run a redelivered command again. The file is one
 * {@code <action id> <command id>} line per command, rewritten whole through a temporary file and a rename, so a
 * reader never sees half of it; a missing, unreadable or corrupt file only costs the memory (logged), never the
 * start. Not thread-safe: its owner is one actor.
 */
final class AnsweredCommands {
    private static final Logger LOG = LoggerFactory.getLogger(AnsweredCommands.class);
    /** Longest line: two signed 64-bit decimals, a space and a newline. */
    private static final int MAX_LINE = 2 * 20 + 2;

    /** A command's identity: MIG's command ids are unique, the action id is a second guard. */
    record Key(long actionId, long commandId) {}

    private final int capacity;
    private final Optional<Path> file;
    private final Set<Key> keys;

    private AnsweredCommands(int capacity, Optional<Path> file) {
        this.capacity = capacity;
        this.file = file;
        this.keys = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
                return size() > capacity;
            }
        });
    }

    /** Remembers {@code capacity} commands, reading and keeping them in {@code file} when given. */
    static AnsweredCommands open(int capacity, Optional<Path> file) {
        AnsweredCommands a = new AnsweredCommands(capacity, file);
        if (capacity > 0) {
            file.ifPresent(a::load);
        }
        return a;
    }

    boolean contains(Key key) {
        return keys.contains(key);
    }

    int size() {
        return keys.size();
    }

    /** Remembers the command and writes the file (before the caller acknowledges the message). */
    void add(Key key) {
        if (capacity == 0) {
            return;
        }
        keys.add(key);
        file.ifPresent(this::save);
    }

    private void load(Path f) {
        if (!Files.exists(f)) {
            return;
        }
        // Only the tail can matter: at most capacity lines, so a file grown by any means is never read whole.
        long limit = (long) capacity * MAX_LINE;
        String text;
        try (SeekableByteChannel ch = Files.newByteChannel(f, StandardOpenOption.READ)) {
            long size = ch.size();
            long from = Math.max(0, size - limit);
            ByteBuffer buf = ByteBuffer.allocate((int) (size - from));
            ch.position(from);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // fill
            }
            text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
            if (from > 0) {
                int nl = text.indexOf('\n');
                text = nl < 0 ? "" : text.substring(nl + 1);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the answered commands from {} ({}); starting without them", f, e.toString());
            return;
        }
        int bad = 0;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException(line);
                }
                keys.add(new Key(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
            } catch (NumberFormatException e) {
                bad++;
            }
        }
        if (bad > 0) {
            LOG.warn("{}: skipped {} unreadable lines; {} answered commands remembered", f, bad, keys.size());
        }
    }

    private void save(Path f) {
        StringBuilder sb = new StringBuilder(keys.size() * 24);
        for (Key k : keys) {
            sb.append(k.actionId()).append(' ').append(k.commandId()).append('\n');
        }
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try {
            Files.createDirectories(f.toAbsolutePath().getParent());
            Files.writeString(tmp, sb, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // The memory in this process still holds; only a restart would forget.
            LOG.warn("cannot keep the answered commands in {}: {}", f, e.toString());
        }
    }
}
