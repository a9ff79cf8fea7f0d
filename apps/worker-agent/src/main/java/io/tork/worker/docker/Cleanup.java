package io.tork.worker.docker;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Best-effort clean-up calls to the engine, which must run on every path, even a failing one. */
final class Cleanup {
  private static final Logger log = LoggerFactory.getLogger(Cleanup.class);

  private Cleanup() {}

  /**
   * Runs {@code action}, never throwing. The interrupt flag is cleared meanwhile and restored
   * after: docker-java talks to the Unix socket through an interruptible channel, which an
   * interrupted thread would close before the request is even sent, leaking the container.
   *
   * @param what e.g. "remove container", for the log
   * @param id the container or volume acted on
   */
  static void quietly(String what, String id, Runnable action) {
    boolean interrupted = Thread.interrupted();
    try {
      action.run();
    } catch (NotFoundException | ConflictException alreadyDone) {
      // Gone already, or (for a kill) no longer running: the goal is reached either way.
      log.atDebug().addKeyValue("id", id).addKeyValue("action", what).log("nothing to do");
    } catch (RuntimeException e) {
      log.atWarn()
          .addKeyValue("id", id)
          .addKeyValue("action", what)
          .addKeyValue("error", e.toString())
          .log("docker clean-up failed");
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
