package io.tork.kafka;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background loop (a view's consumer, a dispatcher, a heartbeat) that survives what it did not
 * expect: when its body throws, the error is logged, the part reports DOWN with the reason, and the
 * body runs again after a backoff that doubles up to a ceiling; once a run has lasted a while the
 * backoff starts over. The body reports UP itself when it is working (after its consumer is
 * assigned, say), through {@link Health#up}. It stops on {@link #close()}, or when the body
 * returns. A {@link VirtualMachineError} (out of memory) is not caught: the process should die of
 * it ({@code -XX:+ExitOnOutOfMemoryError}).
 */
public final class RestartingLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RestartingLoop.class);

  /** One run of the loop: works until {@code stopping} says so (or throws). */
  @FunctionalInterface
  public interface Body {
    void run(BooleanSupplier stopping) throws Exception;
  }

  private final String name;
  private final Health health;
  private final Body body;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final Thread thread;
  private volatile boolean stopping;

  private RestartingLoop(
      String name, Health health, Body body, Duration firstBackoff, Duration maxBackoff) {
    this.name = name;
    this.health = health;
    this.body = body;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::loop);
  }

  /** Starts {@code body} on a thread named {@code name}, with a 1 s to 30 s backoff. */
  public static RestartingLoop start(String name, Health health, Body body) {
    return start(name, health, body, Duration.ofSeconds(1), Duration.ofSeconds(30));
  }

  public static RestartingLoop start(
      String name, Health health, Body body, Duration firstBackoff, Duration maxBackoff) {
    RestartingLoop loop = new RestartingLoop(name, health, body, firstBackoff, maxBackoff);
    health.report(name, Health.State.STARTING, "");
    loop.thread.start();
    return loop;
  }

  private void loop() {
    Duration backoff = firstBackoff;
    while (!stopping) {
      long started = System.nanoTime();
      try {
        body.run(() -> stopping);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
        if (stopping) {
          return;
        }
        String why = e.getClass().getSimpleName() + ": " + e.getMessage();
        health.down(name, why);
        if (Duration.ofNanos(System.nanoTime() - started).compareTo(maxBackoff) > 0) {
          backoff = firstBackoff; // it ran well for a while: this is a new incident
        }
        log.atError()
            .setCause(e)
            .addKeyValue("loop", name)
            .addKeyValue("retryInMs", backoff.toMillis())
            .log("background loop failed; restarting it");
        if (!pause(backoff)) {
          return;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(maxBackoff) > 0
                ? maxBackoff
                : backoff.multipliedBy(2);
      }
    }
  }

  private boolean pause(Duration backoff) {
    try {
      Thread.sleep(backoff);
      return !stopping;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether the loop's thread still runs (a stopped loop is not restarted). */
  public boolean isAlive() {
    return thread.isAlive();
  }

  /**
   * Waits up to {@code timeout} for the body to end by itself (a consumer's run ends at the wakeup
   * that stops it, closing its consumer: an interrupt during that close would cut it short, with an
   * ERROR line), then closes the loop.
   */
  public void closeWhenEnded(Duration timeout) {
    try {
      thread.join(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  /** Asks the body to stop, interrupts a backoff, and waits up to 30 s for the thread. */
  @Override
  public void close() {
    stopping = true;
    thread.interrupt();
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    health.remove(name);
  }
}
