package io.gator.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates the shared MIG fixtures ({@code ../shared/fixtures}), read in place and never copied.
 * Without them, conformance tests skip with a reason, unless the system property
 * {@code gator.fixtures.required=true} (set by {@code .ci/run}) makes their absence a failure.
 */
public final class Fixtures {
    private Fixtures() {}

    /** The fixtures root; skips (or fails when required) when absent. */
    public static Path root() {
        Path dir = locate();
        boolean required = Boolean.getBoolean("gator.fixtures.required");
        if (dir == null) {
            String why = "MIG fixtures not found (looked for ../shared/fixtures beside the project, "
                    + "or -Dgator.fixtures.dir)";
            if (required) {
                throw new IllegalStateException(why + " but gator.fixtures.required=true");
            }
            assumeTrue(false, why + ": conformance test skipped");
        }
        return dir;
    }

    /** {@code fixtures/mig-wire}. */
    public static Path migWire() {
        return root().resolve("mig-wire");
    }

    /** A file under the fixtures root. */
    public static Path path(String relative) {
        return root().resolve(relative);
    }

    /** A fixture file's text (UTF-8). */
    public static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files of a fixture folder whose names end with the suffix, sorted. */
    public static List<Path> list(String folder, String suffix) {
        try (Stream<Path> s = Files.list(path(folder))) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locate() {
        String prop = System.getProperty("gator.fixtures.dir");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/fixtures").normalize();
            if (Files.isDirectory(candidate.resolve("mig-wire"))) {
                return candidate;
            }
        }
        return null;
    }
}
