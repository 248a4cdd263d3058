package io.gator.cli;

/**
 * Phase timings of one CLI run on stderr when {@code MIG_TRACE=1} (where start-up time goes): each mark prints the
 * milliseconds since the JVM started and since the previous mark. Off, a mark costs one field read.
 */
public final class Trace {
    private static final boolean ON = "1".equals(System.getenv("MIG_TRACE"));
    private static long last = ON ? startMillis() : 0;

    private Trace() {}

    /** Marks the end of a phase. */
    public static synchronized void mark(String phase) {
        if (!ON) {
            return;
        }
        long now = System.currentTimeMillis();
        System.err.printf("[trace] %5d ms %+5d ms  %s (%s)%n", now - JVM_START, now - last, phase,
                Thread.currentThread().getName());
        last = now;
    }

    private static final long JVM_START = ON ? startMillis() : 0;

    /**
     * When this process started (bin/mig's shell, which execs the JVM), to 10 ms: Linux's uptime less the process's
     * start in clock ticks (ProcessHandle's start instant rests on the boot time in whole seconds). Elsewhere: now.
     */
    private static long startMillis() {
        long now = System.currentTimeMillis();
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double uptime = Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime"))
                    .split(" ")[0]);
            return now - (long) (uptime * 1000) + Long.parseLong(f[19]) * 10;
        } catch (java.io.IOException | RuntimeException e) {
            return now;
        }
    }
}
