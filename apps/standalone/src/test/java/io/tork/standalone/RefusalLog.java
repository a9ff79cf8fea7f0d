package io.tork.standalone;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** The webhook dispatcher's WARN lines while open: what an operator reads about refused calls. */
final class RefusalLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private static final String CALLER = "io.tork.scheduler.kafka.WebhookCaller";
  private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
  private final Logger logger;

  private RefusalLog(LoggerContext context) {
    setContext(context);
    logger = context.getLogger(CALLER);
  }

  static RefusalLog attach() {
    RefusalLog log = new RefusalLog((LoggerContext) LoggerFactory.getILoggerFactory());
    log.start();
    log.logger.addAppender(log);
    return log;
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
      events.add(event);
    }
  }

  /** The WARN lines about job {@code jobId}: message and key-value pairs. */
  List<String> warnings(String jobId) {
    return events.stream()
        .filter(
            e ->
                e.getKeyValuePairs() != null
                    && e.getKeyValuePairs().stream()
                        .anyMatch(kv -> kv.key.equals("jobId") && jobId.equals(kv.value)))
        .map(e -> e.getFormattedMessage() + " " + e.getKeyValuePairs())
        .toList();
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    stop();
  }
}
