package io.gator.agent.persist.dispatch;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A logger of its own for one test, keeping every message it is given (what MIG's module would log). */
final class CapturedLog {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final ch.qos.logback.classic.Logger logger;

    CapturedLog() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logger = context.getLogger("dispatch-test-" + UUID.randomUUID());
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                messages.add(event.getFormattedMessage());
            }
        };
        appender.setContext(context);
        appender.start();
        logger.addAppender(appender);
    }

    Logger logger() {
        return logger;
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    /** Waits until a message matches; fails after the timeout. */
    String await(Predicate<String> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (String m : messages) {
                if (match.test(m)) {
                    return m;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching log message within " + timeout + "; got " + messages);
    }
}
