package io.tork.standalone;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/** An appender on one logger of this JVM's logging, from {@link #listen} until closed. */
abstract class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final Logger logger;

  LogCapture(String loggerName) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    setContext(context);
    logger = context.getLogger(loggerName);
  }

  /** Starts receiving the logger's events (and its children's); returns this, as a {@code type}. */
  final <T extends LogCapture> T listen(Class<T> type) {
    start();
    logger.addAppender(this);
    return type.cast(this);
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    stop();
  }
}
