package io.gator.agent.module.yara;

import io.gator.agent.module.ModuleContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scans a list of files on the module's thread and, when asked, on helper threads, giving the outcomes in the
 * list's order. Cancellation is checked between files; a scan under way (at most the scan timeout) is let finish,
 * and every helper has stopped before this returns or throws, so the rules can be freed right after.
 */
final class ParallelScans {
    private final CompiledRules rules;
    private final int threads;
    private final int timeoutSeconds;
    private final ModuleContext ctx;

    ParallelScans(CompiledRules rules, int threads, int timeoutSeconds, ModuleContext ctx) {
        this.rules = rules;
        this.threads = threads;
        this.timeoutSeconds = timeoutSeconds;
        this.ctx = ctx;
    }

    List<Scanned> scan(List<String> files) {
        Scanned[] out = new Scanned[files.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> helpers = new ArrayList<>();
        for (int h = 1; h < Math.min(threads, files.size()); h++) {
            Thread t = new Thread(() -> {
                ctx.budget().enlist(); // a helper's scans are the run's CPU; the calling thread checks the limits
                while (!stop.get() && !ctx.isCancelled()) {
                    int i = next.getAndIncrement();
                    if (i >= files.size()) {
                        return;
                    }
                    out[i] = rules.scan(files.get(i), timeoutSeconds);
                }
            }, Thread.currentThread().getName() + "-scan-" + h);
            t.setDaemon(true);
            t.start();
            helpers.add(t);
        }
        boolean done = false;
        try {
            for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                ctx.checkCancelled(YaraRunner.NAME);
                out[i] = rules.scan(files.get(i), timeoutSeconds);
            }
            done = true;
        } finally {
            if (!done) {
                stop.set(true);
            }
            joinAll(helpers);
        }
        ctx.checkCancelled(YaraRunner.NAME);
        return Arrays.asList(out);
    }

    /** Waits for the helpers even when interrupted (they hold the rules), keeping the interrupt. */
    private static void joinAll(List<Thread> helpers) {
        boolean interrupted = false;
        for (Thread t : helpers) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
