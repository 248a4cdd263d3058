package io.gator.agent.module.agentdestroy;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * What a process of this agent installation looks like, to tell an agent from any other process: the Java
 * executable this agent runs on, the jar (or class directory) its classes come from and how it is started from
 * there, the user it runs as, and when it started. Reads Linux's {@code /proc}; elsewhere nothing can be proved
 * and every process is refused.
 *
 * @param java       the real path of this JVM's executable
 * @param codeSource the real path of the jar or directory holding the agent's classes
 * @param mainClass  the agent's main class, for a launch with a class path
 * @param role       the first program argument a {@code -jar} launch needs ({@code agent} for the platform jar,
 *                   which starts every role), empty for the agent's own jar
 * @param uid        the user id this agent runs as
 * @param started    when this agent started: the agent it destroys is an older one
 */
public record AgentInstallation(Path java, Path codeSource, String mainClass, Optional<String> role, int uid,
                                Instant started) {

    /** The agent's entry point (the agent jar's Main-Class). */
    static final String AGENT_MAIN = "io.gator.agent.AgentMain";

    /** Java launcher options whose value is the next argument (the class path ones are read, not skipped). */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-p", "--module-path", "--upgrade-module-path",
            "--add-modules", "--limit-modules", "--add-reads", "--add-exports", "--add-opens", "--patch-module",
            "--enable-native-access", "--describe-module", "-d");

    /** This process's installation. */
    public static AgentInstallation current() throws IOException {
        Path source;
        try {
            source = Path.of(AgentInstallation.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toRealPath();
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot locate the agent's classes: " + e, e);
        }
        Optional<String> role = Optional.empty();
        if (Files.isRegularFile(source)) {
            try (JarFile jar = new JarFile(source.toFile())) {
                String main = jar.getManifest() == null ? null
                        : jar.getManifest().getMainAttributes().getValue("Main-Class");
                if (!AGENT_MAIN.equals(main)) {
                    role = Optional.of("agent");
                }
            }
        }
        Instant started = ProcessHandle.current().info().startInstant()
                .orElseThrow(() -> new IOException("this process's start time is unknown"));
        return new AgentInstallation(Files.readSymbolicLink(Path.of("/proc/self/exe")).toRealPath(), source,
                AGENT_MAIN, role, uid(Path.of("/proc/self")), started);
    }

    /**
     * Why the process is not an older agent of this installation; empty when it provably is one. Any doubt (a
     * file that cannot be read, a launch not understood) is a reason.
     */
    public Optional<String> whyNotAnAgent(ProcessHandle target) {
        Path proc = Path.of("/proc", Long.toString(target.pid()));
        try {
            Path exe = Files.readSymbolicLink(proc.resolve("exe"));
            if (!exe.isAbsolute() || !Files.exists(exe) || !exe.toRealPath().equals(java)) {
                return Optional.of("its executable " + exe + " is not this agent's " + java);
            }
            int targetUid = uid(proc);
            if (targetUid != uid) {
                return Optional.of("it runs as user " + targetUid + ", this agent as " + uid);
            }
            Optional<Instant> start = target.info().startInstant();
            if (start.isEmpty() || !start.get().isBefore(started)) {
                return Optional.of("it did not start before this agent");
            }
            List<String> argv = arguments(Files.readAllBytes(proc.resolve("cmdline")));
            return whyNotAnAgentLaunch(argv, Files.readSymbolicLink(proc.resolve("cwd")));
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot verify it (" + e + ")");
        }
    }

    /** Whether the command line starts this installation's agent (relative paths from {@code cwd}). */
    Optional<String> whyNotAnAgentLaunch(List<String> argv, Path cwd) {
        String jar = null;
        String classPath = null;
        String main = null;
        int i = 1;
        while (i < argv.size()) {
            String a = argv.get(i);
            if (a.equals("-jar") && i + 1 < argv.size()) {
                jar = argv.get(i + 1);
                i += 2;
                break;
            } else if (Set.of("-cp", "-classpath", "--class-path").contains(a) && i + 1 < argv.size()) {
                classPath = argv.get(i + 1);
                i += 2;
            } else if (a.startsWith("--class-path=")) {
                classPath = a.substring("--class-path=".length());
                i++;
            } else if (a.equals("-m") || a.equals("--module") || a.startsWith("--module=")) {
                return Optional.of("it starts a module, not the agent");
            } else if (OPTIONS_WITH_VALUE.contains(a)) {
                i += 2;
            } else if (a.startsWith("-") || a.startsWith("@")) {
                i++;
            } else {
                main = a;
                i++;
                break;
            }
        }
        List<String> programArgs = argv.subList(Math.min(i, argv.size()), argv.size());
        if (jar != null) {
            if (!sameFile(cwd, jar)) {
                return Optional.of("it runs the jar " + jar + ", not this agent's " + codeSource);
            }
            if (role.isPresent() && (programArgs.isEmpty() || !programArgs.get(0).equals(role.get()))) {
                return Optional.of("it runs " + codeSource.getFileName() + " but not as '" + role.get() + "'");
            }
            return Optional.empty();
        }
        if (main == null || !main.equals(mainClass)) {
            return Optional.of("its main class is " + main + ", not " + mainClass);
        }
        if (classPath == null) {
            return Optional.of("it names no class path holding " + codeSource);
        }
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && sameFile(cwd, entry)) {
                return Optional.empty();
            }
        }
        return Optional.of("its class path does not hold " + codeSource);
    }

    private boolean sameFile(Path cwd, String path) {
        try {
            return cwd.resolve(path).toRealPath().equals(codeSource);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code /proc/<pid>/cmdline}: NUL-terminated arguments. */
    static List<String> arguments(byte[] cmdline) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                out.add(new String(cmdline, from, i - from, StandardCharsets.UTF_8));
                from = i + 1;
            }
        }
        if (from < cmdline.length) {
            out.add(new String(cmdline, from, cmdline.length - from, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static int uid(Path procDir) throws IOException {
        return (Integer) Files.getAttribute(procDir, "unix:uid");
    }
}
