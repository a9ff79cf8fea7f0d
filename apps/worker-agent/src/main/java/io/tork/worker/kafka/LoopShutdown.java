package io.tork.worker.kafka;

import io.tork.kafka.RestartingLoop;
import org.jspecify.annotations.Nullable;

/**
 * How a worker's consumer loop stops: woken, not interrupted, it ends by itself (so that no
 * acceptance or commit is cut short), then its {@link RestartingLoop} is closed for good.
 */
final class LoopShutdown {
  private static final long GRACE_MS = 10_000;

  private LoopShutdown() {}

  /**
   * Waits up to 10 s for {@code running}, the loop's thread (null before it first ran), to end,
   * then closes {@code loop} (null when it never started).
   */
  static void await(@Nullable Thread running, @Nullable RestartingLoop loop) {
    if (running != null) {
      try {
        running.join(GRACE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (loop != null) {
      loop.close();
    }
  }
}
