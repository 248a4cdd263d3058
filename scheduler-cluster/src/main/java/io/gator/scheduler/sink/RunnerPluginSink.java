package io.gator.scheduler.sink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MIG runner plugin: an executable in the configured plugin directory, run with no arguments and the run's
 * RunnerResult JSON on stdin (no trailing newline, stdin then closed), as mig-runner ran its plugins. Killed after
 * the timeout; its output is logged (bounded) and a non-zero exit fails the attempt.
 */
public final class RunnerPluginSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerPluginSink.class);
    private final Path directory;
    private final String name;
    private final Duration timeout;
    private final int outputMax;

    public RunnerPluginSink(Path directory, String name, Duration timeout, int outputMax) {
        this.directory = directory;
        this.name = name;
        this.timeout = timeout;
        this.outputMax = outputMax;
    }

    /** What one plugin run did. */
    public record Outcome(int exitCode, String output) {}

    @Override
    public void deliver(RunResults run, String orderName) throws IOException, InterruptedException {
        Outcome o = run(SinkRecords.runnerResult(run, orderName, name));
        LOG.info("plugin {} for action {}: exit {}, output: {}", name, run.actionId(), o.exitCode(), o.output());
        if (o.exitCode() != 0) {
            throw new IOException("plugin " + name + ": exit status " + o.exitCode());
        }
    }

    /** Runs the plugin on {@code stdin}; its stdout and stderr merged, cut at the configured size. */
    public Outcome run(String stdin) throws IOException, InterruptedException {
        Path exe = directory.resolve(name).normalize();
        if (!exe.startsWith(directory.normalize()) || !Files.isRegularFile(exe) || !Files.isExecutable(exe)) {
            throw new IOException("plugin " + name + " is not an executable file in " + directory);
        }
        Process p = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> drain(p.getInputStream(), out), "plugin-" + name);
        reader.setDaemon(true);
        reader.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a plugin may exit without reading everything; its exit code tells
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            throw new IOException("plugin " + name + " still running after " + timeout + ", killed");
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        String text;
        synchronized (out) {
            text = out.toString(StandardCharsets.UTF_8);
        }
        return new Outcome(p.exitValue(), text);
    }

    private void drain(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (out) {
                    int room = outputMax - out.size();
                    if (room > 0) {
                        out.write(buf, 0, Math.min(n, room));
                    }
                }
            }
        } catch (IOException e) {
            // the process went away
        }
    }
}
