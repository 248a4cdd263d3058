package io.gator.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The files MIG's modules ran on for the captures of {@code mig-wire/modules} ({@code data/}). They lay at
 * {@link #CAPTURE_ROOT} on the capture host: a test copies them and replaces that prefix in what it compares.
 */
public final class ModuleFixtureData {
    /** Where {@code data/} lay when the captures were made. */
    public static final String CAPTURE_ROOT = "/opt/mig-fixtures";

    private ModuleFixtureData() {}

    /** Copies {@code mig-wire/modules/data} to {@code to}; returns {@code to}. */
    public static Path copyTo(Path to) throws IOException {
        Path from = Fixtures.migWire().resolve("modules/data");
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    /** A captured text with the capture host's data path replaced by {@code data}. */
    public static String relocated(String captured, Path data) {
        return captured.replace(CAPTURE_ROOT, data.toString());
    }
}
