package io.gator.agent.persist;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every message logged while it is attached (the agent's log as a test sees it). */
final class LogCapture implements AutoCloseable {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            lines.add(e.getFormattedMessage());
        }
    };

    LogCapture() {
        appender.start();
        root().addAppender(appender);
    }

    private static ch.qos.logback.classic.Logger root() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    }

    boolean has(String line) {
        return lines.contains(line);
    }

    @Override
    public void close() {
        root().detachAppender(appender);
    }
}
