package io.gator.platform.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * Agent jars for loader tests, small enough to sign and ship in a manifest: a thin jar whose manifest starts the
 * platform's launcher with this JVM's class path (what the shaded gator.jar holds, which surefire runs before it is
 * packaged), told apart by a build marker inside; and a jar that exits at once (a broken build).
 */
final class AgentJar {
    private AgentJar() {}

    /** {@code java -jar} runs {@code io.gator.platform.GatorMain}; the jar carries {@code build} as its marker. */
    static byte[] thin(String build) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.gator.platform.GatorMain");
        List<Path> cp = TestPlatform.runtimeClassPath();
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.stream().map(p -> p.toAbsolutePath().toUri()
                .toString()).collect(Collectors.joining(" ")));
        return jar(m, "gator-e2e-build.txt", build);
    }

    /** A jar whose main class does not exist: {@code java -jar} exits 1 before any heartbeat. */
    static byte[] exitsAtOnce() throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.gator.e2e.NoSuchAgent");
        return jar(m, "gator-e2e-build.txt", "broken");
    }

    private static byte[] jar(Manifest m, String entry, String content) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(buf, m)) {
            jar.putNextEntry(new JarEntry(entry));
            jar.write(content.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return buf.toByteArray();
    }
}
