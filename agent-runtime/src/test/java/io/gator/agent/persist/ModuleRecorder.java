package io.gator.agent.persist;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.gator.core.agent.AgentEnv;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/** A persistent module's context for tests, recording what the module logs and the alerts it raises. */
public final class ModuleRecorder {
    public final List<String> logs = new CopyOnWriteArrayList<>();
    public final List<String> alerts = new CopyOnWriteArrayList<>();
    private final org.slf4j.Logger logger;

    public ModuleRecorder() {
        logger = LoggerFactory.getLogger("test-module-" + UUID.randomUUID());
        AppenderBase<ILoggingEvent> app = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                logs.add(e.getFormattedMessage());
            }
        };
        app.start();
        ((ch.qos.logback.classic.Logger) logger).addAppender(app);
    }

    public PersistentContext context(String name, ModuleSettings settings, Clock clock, Path root) {
        return new PersistentContext(name, settings, alerts::add, logger, "test-host", AgentEnv.EMPTY,
                Map.of("operator", "test"), clock, root);
    }

    /** Waits until the condition holds; false after the timeout. */
    public static boolean await(Supplier<Boolean> condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.get()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.get();
    }
}
