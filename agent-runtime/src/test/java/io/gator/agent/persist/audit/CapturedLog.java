package io.gator.agent.persist.audit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** A logger of its own whose messages a test reads back (from any thread). */
final class CapturedLog extends AppenderBase<ILoggingEvent> {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    final Logger logger;

    CapturedLog() {
        logger = (Logger) LoggerFactory.getLogger("test.audit." + UUID.randomUUID());
        setContext(logger.getLoggerContext());
        start();
        logger.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent e) {
        messages.add(e.getFormattedMessage());
    }

    List<String> messages() {
        return List.copyOf(messages);
    }
}
