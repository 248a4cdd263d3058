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

    /**
     * Writes under {@code root} a dpkg status file holding exactly the packages of the capture host's
     * {@code dpkg -l} lines kept in {@code data/scribe/dpkg-l.subset.txt} (a {@code name:arch} line being a
     * {@code Multi-Arch: same} package); returns {@code root}, to use as a module context's system root.
     */
    public static Path dpkgSystem(Path root) throws IOException {
        StringBuilder status = new StringBuilder();
        for (String line : Files.readAllLines(Fixtures.migWire().resolve("modules/data/scribe/dpkg-l.subset.txt"))) {
            String[] c = line.trim().split("\\s+");
            if (c.length < 4 || !c[0].equals("ii")) {
                continue;
            }
            String[] name = c[1].split(":", 2);
            status.append("Package: ").append(name[0]).append('\n')
                    .append("Status: install ok installed\n")
                    .append("Architecture: ").append(c[3]).append('\n');
            if (name.length == 2) {
                status.append("Multi-Arch: same\n");
            }
            status.append("Version: ").append(c[2]).append("\n\n");
        }
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.writeString(root.resolve("var/lib/dpkg/status"), status);
        return root;
    }

    /**
     * Rewrites the scribe documents of a copy made by {@link #copyTo} to name the copy's files instead of the
     * capture host's (they name files by absolute path); returns {@code data}.
     */
    public static Path relocateScribeDocuments(Path data) throws IOException {
        try (Stream<Path> docs = Files.list(data.resolve("scribe/docs"))) {
            for (Path doc : docs.toList()) {
                Files.writeString(doc, relocated(Files.readString(doc), data));
            }
        }
        return data;
    }

    /** A captured text with the capture host's data path replaced by {@code data}. */
    public static String relocated(String captured, Path data) {
        return captured.replace(CAPTURE_ROOT, data.toString());
    }
}
