package io.tork.worker.docker;

import io.tork.worker.core.Deadline;
import io.tork.worker.core.Execution;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * A sidecar's readiness probe, asked by the worker itself over the container's address on the
 * task's network (ADR 61): {@code GET} every {@link #INTERVAL} until an answer is HTTP 200, the
 * sidecar exits, the task is cancelled or a deadline passes. Redirects are not followed.
 */
final class SidecarProbe {
  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration CANCEL_POLL = Duration.ofMillis(100);
  private static final String OK = "HTTP 200";

  /** Whether the sidecar still runs: its exit code once it has exited, else empty. */
  @FunctionalInterface
  interface Liveness {
    OptionalInt exitCode();
  }

  /** How the probing ended; {@code detail} is the last answer, or the exit code. */
  record Result(Kind kind, String detail) {}

  enum Kind {
    READY,
    NEVER_READY,
    EXITED,
    TASK_TIMED_OUT,
    CANCELLED
  }

  private final HttpClient http;

  SidecarProbe(HttpClient http) {
    this.http = http;
  }

  static HttpClient client() {
    return HttpClient.newBuilder()
        .connectTimeout(REQUEST_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * @param probe when the probe gives up (its own timeout)
   * @param task when the task's budget ends
   */
  Result await(URI uri, Deadline probe, Deadline task, Execution execution, Liveness liveness)
      throws InterruptedException {
    String last = "no answer yet";
    while (true) {
      if (execution.isCancelled()) {
        return new Result(Kind.CANCELLED, last);
      }
      if (task.expired()) {
        return new Result(Kind.TASK_TIMED_OUT, last);
      }
      if (probe.expired()) {
        return new Result(Kind.NEVER_READY, last);
      }
      OptionalInt exit = liveness.exitCode();
      if (exit.isPresent()) {
        return new Result(Kind.EXITED, "exit code " + exit.getAsInt());
      }
      Deadline next = Deadline.after(INTERVAL);
      Duration wait = probe.earliest(task).remaining(REQUEST_TIMEOUT);
      if (!wait.isZero()) {
        last = ask(uri, wait);
        if (last.equals(OK)) {
          return new Result(Kind.READY, last);
        }
      }
      pause(next.earliest(probe).earliest(task), execution);
    }
  }

  /** The answer's status ("HTTP 503"), or why there was none. */
  private String ask(URI uri, Duration timeout) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    try {
      return "HTTP " + http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      String message = e.getMessage();
      return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
  }

  /** Waits until {@code until}, ending early on a cancel. */
  private static void pause(Deadline until, Execution execution) throws InterruptedException {
    while (!until.expired() && !execution.isCancelled()) {
      Thread.sleep(until.remaining(CANCEL_POLL));
    }
  }
}
