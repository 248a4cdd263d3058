package io.gator.agent.loader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the commands that act on the agent's service ({@code restart-command}, {@code check-command}): no shell,
 * output captured (its tail is logged), killed past the timeout.
 */
public final class AgentService {
    /** Output kept from one command. */
    private static final int MAX_OUTPUT = 4096;

    private final LoaderLog log;
    private final Duration timeout;

    public AgentService(LoaderLog log, Duration timeout) {
        this.log = log;
        this.timeout = timeout;
    }

    /** Runs a command; true when it exited 0 within the timeout. */
    public boolean run(List<String> command) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            log.error("cannot run " + String.join(" ", command) + ": " + e.getMessage());
            return false;
        }
        try {
            p.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> drain(p.getInputStream(), out), "loader-command-output");
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                log.error(String.join(" ", command) + " still running after " + timeout.toSeconds() + " s: killed");
                return false;
            }
            reader.join(1000);
            String text;
            synchronized (out) {
                text = out.toString(StandardCharsets.UTF_8).strip();
            }
            if (!text.isEmpty()) {
                log.info(command.get(0) + " said: " + text.replaceAll("\\s*\\R\\s*", " | "));
            }
            if (p.exitValue() != 0) {
                log.error(String.join(" ", command) + " exited with status " + p.exitValue());
                return false;
            }
            return true;
        } catch (IOException e) {
            log.error(String.join(" ", command) + ": " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return false;
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    // keep the last MAX_OUTPUT bytes: the end says why a command failed
                    out.write(buf, 0, n);
                    if (out.size() > 2 * MAX_OUTPUT) {
                        byte[] all = out.toByteArray();
                        out.reset();
                        out.write(all, all.length - MAX_OUTPUT, MAX_OUTPUT);
                    }
                }
            }
        } catch (IOException e) {
            // the process went away
        }
    }
}
