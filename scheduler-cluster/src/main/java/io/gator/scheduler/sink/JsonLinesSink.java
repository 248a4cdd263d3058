package io.gator.scheduler.sink;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one line per agent result to a file in the allow-listed directory. A retry after a crash may append a run
 * twice: receivers deduplicate on each record's {@code id}.
 */
public final class JsonLinesSink implements Sink {
    private final Path file;

    public JsonLinesSink(Path file) {
        this.file = file;
    }

    @Override
    public void deliver(RunResults run, String orderName) throws IOException {
        byte[] lines = SinkRecords.jsonLines(run, orderName).getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(lines));
            ch.force(false);
        }
    }
}
