package io.tork.gateway.core;

import java.time.Duration;

/**
 * A read model built from topics: loaded once it holds everything committed when it started, and
 * caught up on request. A read that misses waits for {@link #awaitCaughtUp} before it says 404, so
 * that a GET right after a POST never misses; a model still loading answers no read (503).
 */
public interface ReadModel {
  /** Whether it holds everything that was committed when it started. */
  boolean isLoaded();

  /**
   * Blocks until it holds everything that was committed when it started.
   *
   * @return false when {@code timeout} passed first
   */
  boolean awaitLoaded(Duration timeout) throws InterruptedException;

  /**
   * Blocks until it has consumed every record committed to its topics when called.
   *
   * @return false when {@code timeout} passed first
   */
  boolean awaitCaughtUp(Duration timeout) throws InterruptedException;
}
