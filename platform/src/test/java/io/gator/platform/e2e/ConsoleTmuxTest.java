package io.gator.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.platform.role.Standalone;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mig console} in a real terminal: tmux runs the console as its own process against the standalone
 * platform (embedded broker, API and scheduler on H2, one agent on this host), keys are sent as a user types them
 * (tab completion, a module line that launches and follows, the action reader, ctrl+d twice) and the screen is read
 * back with {@code capture-pane}.
 */
class ConsoleTmuxTest {
    /** Upper bound of each wait for the screen; generous for a loaded 2-core machine. */
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aUserCompletesSearchesLaunchesReadsAnActionAndLeavesWithCtrlD(@TempDir Path dir) throws Exception {
        assertEquals(0, run(List.of("sh", "-c", "command -v tmux")).exit(),
                "this test drives the console through tmux: install it (.ci/run does)");
        Path data = dir.resolve("data");
        int api = freePort();
        Config config = ConfigFactory.parseString("""
                gator.platform.broker.data-dir = "%s"
                gator.persistence.h2-url = "jdbc:h2:file:%s;DB_CLOSE_DELAY=-1"
                gator.api { port = %d, public-url = "http://127.0.0.1:%d" }
                gator.agent { run-dir = "%s", keyring-dir = "%s", acl-file = "%s" }
                gator.cluster.management.enabled = off
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                """.formatted(data.resolve("broker"), data.resolve("gator"), api, api, data.resolve("agent"),
                        data.resolve("agentkeys"), data.resolve("acl.json")))
                .withFallback(ConfigFactory.parseFile(Path.of(System.getProperty("basedir", ".")).resolve("../config/standalone.conf").normalize().toFile()));
        config = ConfigFactory.load(config);
        Path etc = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Path history = dir.resolve("history");
        String socket = "gator-console-" + UUID.randomUUID().toString().substring(0, 8);
        try (Standalone platform = Standalone.start(config, data, new PrintWriter(new StringWriter()))) {
            Path script = Files.writeString(dir.resolve("console.sh"), "#!/bin/sh\nexec '"
                    + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                    + runtimeClasspath() + "' io.gator.cli.MigMain console -c '" + platform.migrc()
                    + "' -history '" + history + "'\n");
            try {
                tmux(socket, "new-session", "-d", "-s", "c", "-x", "200", "-y", "50", "sh " + script);
                screen(socket, "(?m)^mig>");
                // tab completes the order, then the search type's keyword
                keys(socket, "sea", "Tab");
                screen(socket, "(?m)^mig> search$");
                keys(socket, "agent wh", "Tab");
                screen(socket, "(?m)^mig> search agent where$");
                keys(socket, "status=online", "Enter");
                Matcher agent = Pattern.compile("(?m)^(\\d+)\\s+\\S+\\s+online\\s").matcher(screen(socket, "1 agent found"));
                assertTrue(agent.find(), "no agent line");
                keys(socket, "file -yes -t all -path " + etc + " -name ^passwd$", "Enter");
                String launched = screen(socket, "1 agent has found results");
                Matcher id = Pattern.compile("Following action ID (\\d+)\\.").matcher(launched);
                assertTrue(id.find(), launched);
                assertTrue(launched.contains(etc.resolve("passwd") + " ["), launched);
                // Ctrl-C at the prompt clears the line, also after a launch (which handles Ctrl-C its own way)
                keys(socket, "garbage");
                screen(socket, "(?m)^mig> garbage$");
                keys(socket, "C-c");
                screen(socket, "(?m)^mig>$");
                keys(socket, "action " + id.group(1), "Enter");
                screen(socket, "(?m)^mig action " + id.group(1) + ">");
                keys(socket, "counters", "Enter");
                screen(socket, "1 sent, 1 done, 1 succeeded");
                keys(socket, "results found | grep passwd", "Enter");
                String results = screen(socket, "(?s)results found \\| grep passwd\n[^\n]*/etc/passwd \\[");
                assertFalse(results.contains("command success"), results);
                // a copy: a new action, signed again with the investigator's key, that the agent accepts and runs
                keys(socket, "copy -yes -e 2m", "Enter");
                String copied = screen(socket, "(?s)copy -yes -e 2m\n.*Following action ID \\d+\\..*1 agent has found results");
                Matcher copyId = Pattern.compile("(?s)copy -yes -e 2m\n.*Following action ID (\\d+)\\.").matcher(copied);
                assertTrue(copyId.find(), copied);
                assertFalse(copyId.group(1).equals(id.group(1)), copied);
                keys(socket, "exit", "Enter");
                keys(socket, "status", "Enter");
                screen(socket, "(?s)LATEST ACTIONS.*\n" + id.group(1) + "\\s");
                keys(socket, "agent " + agent.group(1), "Enter");
                keys(socket, "lastactions", "Enter");
                String last = screen(socket, "(?s)mig agent " + agent.group(1) + "> lastactions\n.*2 actions found");
                assertTrue(last.contains("\n" + id.group(1) + " "), last);
                // named from the line as typed (the table keeps 27 characters of it), without the console's configuration
                assertTrue(last.contains("file -yes -t all -path /tmp..."), last);
                keys(socket, "exit", "Enter");
                keys(socket, "search investigator where name=investigator", "Enter");
                Matcher inv = Pattern.compile("(?m)^(\\d+)\\s+investigator\\s+active\\s")
                        .matcher(screen(socket, "1 investigator found"));
                assertTrue(inv.find(), "no investigator line");
                keys(socket, "investigator " + inv.group(1), "Enter");
                keys(socket, "details", "Enter");
                screen(socket, "Permissions  admin \\(all\\)");
                keys(socket, "pubkey", "Enter");
                screen(socket, "(?s)> pubkey\n-----BEGIN PGP PUBLIC KEY BLOCK-----");
                keys(socket, "exit", "Enter");
                keys(socket, "action " + id.group(1), "Enter");
                screen(socket, "(?s)Status 'completed'\\.\nmig action " + id.group(1) + ">$");
                // ctrl+d leaves the reader, then the console
                keys(socket, "C-d");
                screen(socket, "(?s)mig action " + id.group(1) + ">\\s*\nmig>$");
                keys(socket, "C-d");
                waitUntilGone(socket);
            } finally {
                tmuxQuietly(socket, "kill-server");
            }
            List<String> lines = Files.readAllLines(history, StandardCharsets.UTF_8);
            assertTrue(lines.stream().anyMatch(l -> l.contains("search agent where status=online")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("results found | grep passwd")), lines.toString());
        }
    }

    /** This JVM's class path without test classes (their logback-test.xml would log onto the console's screen). */
    private static String runtimeClasspath() {
        return TestPlatform.runtimeClassPath().stream().map(Path::toString)
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void keys(String socket, String... keys) throws Exception {
        List<String> argv = new ArrayList<>(List.of("send-keys", "-t", "c"));
        for (String k : keys) {
            if (List.of("Tab", "Enter", "C-d", "C-c").contains(k)) {
                argv.add(k);
            } else {
                // literally: no key names looked up in what a user types
                tmux(socket, "send-keys", "-t", "c", "-l", "--", k);
            }
        }
        if (argv.size() > 3) {
            tmux(socket, argv.toArray(String[]::new));
        }
    }

    /** Waits until the pane (tmux trims each line's trailing blanks) matches {@code regex}; answers the pane. */
    private static String screen(String socket, String regex) throws Exception {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = tmux(socket, "capture-pane", "-p", "-J", "-S", "-200", "-t", "c").strip();
            if (p.matcher(last).find()) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the screen never showed " + regex + ":\n" + last);
    }

    private static void waitUntilGone(String socket) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (run(List.of("tmux", "-L", socket, "has-session", "-t", "c")).exit() != 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the console did not leave on ctrl+d");
    }

    private static String tmux(String socket, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("tmux", "-L", socket));
        argv.addAll(List.of(args));
        Result r = run(argv);
        assertEquals(0, r.exit(), String.join(" ", argv) + ": " + r.out());
        return r.out();
    }

    private static void tmuxQuietly(String socket, String... args) {
        List<String> argv = new ArrayList<>(List.of("tmux", "-L", socket));
        argv.addAll(List.of(args));
        try {
            run(argv);
        } catch (Exception e) {
            // the server is gone already
        }
    }

    record Result(int exit, String out) {}

    private static Result run(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(argv + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }
}
