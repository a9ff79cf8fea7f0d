package io.tork.standalone;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * How many bytes of log the engine writes with its production levels ({@code libs/cli}'s
 * logback.xml: the engine's own lines from INFO, everyone else's from WARN), in its production
 * layout, by component ({@code io.tork.scheduler}, {@code io.tork.worker}, ...). For tests that
 * bound the log a workload writes; attached to this JVM's logging while open.
 */
final class LogVolume extends LogCapture {
  private final PatternLayout layout = new PatternLayout();
  private final Map<String, AtomicLong> bytes = new ConcurrentHashMap<>();

  private LogVolume() {
    super(Logger.ROOT_LOGGER_NAME);
    layout.setContext(getContext());
    layout.setPattern(
        "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} %msg %kvp{DOUBLE}%n");
    layout.start();
  }

  static LogVolume attach() {
    return new LogVolume().listen(LogVolume.class);
  }

  @Override
  protected void append(ILoggingEvent event) {
    boolean engine = event.getLoggerName().startsWith("io.tork.");
    Level shown = engine ? Level.INFO : Level.WARN;
    if (!event.getLevel().isGreaterOrEqual(shown)) {
      return;
    }
    bytes
        .computeIfAbsent(component(event.getLoggerName()), c -> new AtomicLong())
        .addAndGet(layout.doLayout(event).length());
  }

  private static String component(String logger) {
    String[] parts = logger.split("\\.");
    return parts.length >= 3 && parts[0].equals("io") && parts[1].equals("tork")
        ? "io.tork." + parts[2]
        : "other";
  }

  /** Bytes so far, by component. */
  Map<String, Long> byComponent() {
    Map<String, Long> out = new TreeMap<>();
    bytes.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  long total() {
    return bytes.values().stream().mapToLong(AtomicLong::get).sum();
  }
}
