package io.tork.scheduler.cli;

import io.tork.kafka.Health;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduler process answers no REST: besides its metrics port ({@code /health/ready}), its health
 * goes to its log, one line when it changes (WARN naming the parts that are not up, INFO when all
 * are again).
 */
final class HealthLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthLog.class);

  private final Health health;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("health").factory());
  private List<String> last = List.of();

  private HealthLog(Health health) {
    this.health = health;
  }

  static HealthLog start(Health health, Duration every) {
    HealthLog watcher = new HealthLog(health);
    watcher.timer.scheduleWithFixedDelay(
        watcher::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return watcher;
  }

  private void check() {
    List<String> problems = health.problems();
    if (problems.equals(last)) {
      return;
    }
    if (problems.isEmpty()) {
      log.atInfo().log("scheduler process is UP again");
    } else {
      log.atWarn()
          .addKeyValue("problems", String.join("; ", problems))
          .log("scheduler process is DOWN");
    }
    last = problems;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
