package io.gator.agent.module.hog;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRunner;
import io.gator.core.command.Result;
import io.gator.core.module.ModuleDefinition;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/** The hog module's runner: wastes what it is asked to, checking for cancellation in its loop as runners do. */
public final class HogRunner implements ModuleRunner<HogModule.Hog> {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Keeps what it allocates reachable only briefly, so the test measures allocation, not a heap overflow. */
    private static volatile Object sink;

    @Override
    public ModuleDefinition<HogModule.Hog> definition() {
        return HogModule.INSTANCE;
    }

    @Override
    public Result run(HogModule.Hog h, ModuleContext ctx) {
        switch (h.waste()) {
            case "cpu" -> {
                long end = THREADS.getCurrentThreadCpuTime() + h.amount() * 1_000_000L;
                long x = 0;
                while (THREADS.getCurrentThreadCpuTime() < end) {
                    for (int i = 0; i < 10_000; i++) {
                        x += i * 31L ^ x;
                    }
                    ctx.checkCancelled("hog");
                }
                sink = x;
            }
            case "memory" -> {
                List<byte[]> chunks = new ArrayList<>();
                for (long mib = 0; mib < h.amount(); mib++) {
                    chunks.add(new byte[1 << 20]);
                    if (chunks.size() == 4) {
                        sink = chunks;
                        chunks = new ArrayList<>();
                    }
                    ctx.checkCancelled("hog");
                }
            }
            default -> {
                long end = System.nanoTime() + h.amount() * 1_000_000L;
                while (System.nanoTime() < end) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ctx.checkCancelled("hog");
                }
            }
        }
        return new Result(true, true, JsonNodeFactory.instance.objectNode().put("wasted", h.waste()), null, List.of());
    }
}
