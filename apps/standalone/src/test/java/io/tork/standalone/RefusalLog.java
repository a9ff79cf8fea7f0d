package io.tork.standalone;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The webhook dispatcher's WARN lines while open: what an operator reads about refused calls. */
final class RefusalLog extends LogCapture {
  private static final String CALLER = "io.tork.scheduler.kafka.WebhookCaller";
  private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

  private RefusalLog() {
    super(CALLER);
  }

  static RefusalLog attach() {
    return new RefusalLog().listen(RefusalLog.class);
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
}
