package io.gator.agent.module;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One module run's account against the agent's {@link RunLimits}. Modules run in the agent's JVM, so limits are
 * cooperative: the run's threads {@link #enlist()} themselves, and every {@link ModuleContext#checkCancelled}
 * (which runners call in their loops) is a checkpoint that measures the run's threads (CPU time and allocated
 * bytes from the JVM's per-thread counters), stops the run with {@link LimitExceededException} past a limit, and
 * pauses it as long as it is over its CPU share. Checkpoints measure at most every {@value #CHECK_EVERY_MS} ms so
 * that they stay cheap in tight loops. Work on threads that never enlist is not counted.
 */
public final class RunBudget {
    /** A budget with no limits: checkpoints return at once. */
    public static final RunBudget UNLIMITED = new RunBudget(RunLimits.NONE);

    static final long CHECK_EVERY_MS = 2;
    /** Longest single pause; the run measures again after it, so a cancelled run stops soon. */
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** One enlisted thread: its counters when it joined the run, and when last measured (kept once it ends). */
    private static final class Account {
        final long cpu0;
        final long alloc0;
        long cpu;
        long alloc;

        Account(long cpu0, long alloc0) {
            this.cpu0 = cpu0;
            this.alloc0 = alloc0;
        }
    }

    private final RunLimits limits;
    private final boolean off;
    private final long start = System.nanoTime();
    private final Map<Long, Account> threads = new ConcurrentHashMap<>();
    private volatile long nextCheck;
    private long files;

    public RunBudget(RunLimits limits) {
        this.limits = limits;
        this.off = limits.none();
    }

    public RunLimits limits() {
        return limits;
    }

    /** Counts the calling thread's work from now on as the run's; the thread that starts the run enlists first. */
    public void enlist() {
        if (off) {
            return;
        }
        long id = Thread.currentThread().getId();
        threads.computeIfAbsent(id, k -> new Account(THREADS.getCurrentThreadCpuTime(),
                THREADS.getThreadAllocatedBytes(id)));
    }

    /** Stops the run past a limit, pauses it while over its CPU share; cheap when called often. */
    public void checkpoint(String module) {
        if (off) {
            return;
        }
        long now = System.nanoTime();
        if (now - nextCheck < 0) {
            return;
        }
        nextCheck = now + TimeUnit.MILLISECONDS.toNanos(CHECK_EVERY_MS);
        long[] used = measure();
        if (!limits.cpuTime().isZero() && used[0] > limits.cpuTime().toNanos()) {
            throw new LimitExceededException(module, "cpu limit " + seconds(limits.cpuTime().toNanos()) + " exceeded");
        }
        if (limits.memory() > 0 && used[1] > limits.memory()) {
            throw new LimitExceededException(module, "memory limit " + bytes(limits.memory())
                    + " exceeded (bytes allocated by the run)");
        }
        if (limits.throttled() && used[0] > limits.cpuBurst().toNanos()) {
            // past its burst, the whole run is held to the share: the burst is paid back, not added on top, so that
            // a run of a few seconds averages the share as a long one does
            long allowedWall = (long) (used[0] / limits.cpuShare());
            pause(module, start + allowedWall - now);
        }
    }

    /** The file module's account of files read: pauses to keep to {@code file-rate} (one second's worth ahead). */
    public void fileRead(String module) {
        if (off || limits.fileRate() == 0) {
            return;
        }
        long n;
        synchronized (this) {
            n = ++files;
        }
        long due = start + (long) ((n - limits.fileRate()) / limits.fileRate() * 1e9);
        pause(module, due - System.nanoTime());
    }

    /** CPU nanoseconds and allocated bytes of the run's threads so far. */
    synchronized long[] measure() {
        long cpu = 0;
        long alloc = 0;
        for (Map.Entry<Long, Account> e : threads.entrySet()) {
            Account a = e.getValue();
            long c = THREADS.getThreadCpuTime(e.getKey());
            long b = THREADS.getThreadAllocatedBytes(e.getKey());
            if (c >= 0) { // -1 once the thread ended: its last figures stand
                a.cpu = c - a.cpu0;
            }
            if (b >= 0) {
                a.alloc = b - a.alloc0;
            }
            cpu += a.cpu;
            alloc += a.alloc;
        }
        return new long[] {cpu, alloc};
    }

    private static void pause(String module, long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(Math.min(nanos, MAX_PAUSE_NANOS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModuleCancelledException(module);
        }
    }

    static String seconds(long nanos) {
        double s = nanos / 1e9;
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)) + " s";
    }

    static String bytes(long b) {
        if (b % (1L << 20) == 0) {
            return (b >> 20) + " MiB";
        }
        return b % 1024 == 0 ? (b >> 10) + " KiB" : b + " bytes";
    }
}
