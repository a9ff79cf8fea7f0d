package io.tork.client;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Follows a job to its end through {@code GET /jobs/{id}/events}: prints each task's state changes
 * and progress (a bar for a composite's children, and for what a task writes to {@code
 * $TORK_PROGRESS}), and streams each task's log lines ({@code GET /tasks/{id}/log?follow=true}),
 * each task on a thread of its own. Returns the whole job once it has ended.
 */
final class JobFollower {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final long PROGRESS_EVERY_MS = 1000;
  private static final int RECONNECTS = 10;

  private final TorkClient client;
  private final Printer printer;
  private final boolean states;
  private final boolean logs;
  private boolean jsonLines;
  private final Map<String, JsonNode> tasks = new ConcurrentHashMap<>();
  private final Map<String, Long> progressShownAt = new ConcurrentHashMap<>();
  private final Map<String, String> progressShown = new ConcurrentHashMap<>();
  private final List<Thread> followers = new ArrayList<>();
  private String jobState = "";

  /**
   * @param states print the job's and the tasks' state changes and progress
   * @param logs stream the tasks' log lines
   */
  JobFollower(TorkClient client, Printer printer, boolean states, boolean logs) {
    this.client = client;
    this.printer = printer;
    this.states = states;
    this.logs = logs;
  }

  /** Prints each log part as the API's JSON, one a line, instead of its lines for people. */
  JobFollower jsonLines() {
    this.jsonLines = true;
    return this;
  }

  /** Blocks until the job has ended; returns it as {@code GET /jobs/{id}} shows it. */
  JsonNode follow(String jobId) throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        // The stream sends the job as it is once it follows it, then every change: the records
        // so far are read when that first event arrives, so that no change falls in between.
        boolean[] first = {true};
        client.events(
            "/jobs/" + jobId + "/events",
            (name, data) -> {
              if (first[0]) {
                first[0] = false;
                client.get("/jobs/" + jobId).path("execution").forEach(this::onTask);
              }
              onEvent(name, data);
            });
        JsonNode job = client.get("/jobs/" + jobId);
        if (isTerminal(Formats.text(job, "state"))) {
          // The stream ends with the job: a last task record can land after it.
          job.path("execution").forEach(this::onTask);
          awaitLogs();
          if (states) {
            printer.line(
                now() + "  job " + Formats.text(job, "name") + ": " + Formats.text(job, "state"));
          }
          return job;
        }
      } catch (Unreachable e) {
        if (attempt >= RECONNECTS) {
          throw e;
        }
      }
      Thread.sleep(1000); // the stream broke before the end: open it again
    }
  }

  private void onEvent(String name, String data) {
    JsonNode node = TorkClient.JSON.readTree(data);
    if (name.equals("job")) {
      String state = Formats.text(node, "state");
      // The end is told once the last task records are in (follow reads them after the stream).
      if (states && !state.equals(jobState) && !isTerminal(state)) {
        printer.line(now() + "  job " + Formats.text(node, "name") + ": " + state);
      }
      jobState = state;
    } else if (name.equals("task")) {
      onTask(node);
    }
  }

  private void onTask(JsonNode task) {
    String id = Formats.text(task, "id");
    String state = Formats.text(task, "state");
    JsonNode known = tasks.get(id);
    if (known != null && rank(state) < rank(Formats.text(known, "state"))) {
      return; // older than what was read already
    }
    JsonNode previous = tasks.put(id, task);
    boolean composite = isComposite(task);
    if (states && (previous == null || !Formats.text(previous, "state").equals(state))) {
      String error = Formats.text(task, "error");
      String runtime = isTerminal(state) ? Formats.runtime(task) : "";
      printer.line(
          now()
              + "  "
              + label(task)
              + "  "
              + state
              + (runtime.isEmpty() ? "" : " (" + runtime + ")")
              + (error.isEmpty() ? "" : ": " + error));
    }
    if (states) {
      progress(task, composite);
    }
    if (logs && previous == null && !composite) {
      if (isTerminal(state)) {
        followLog(task); // its whole log, at once, in order with the others that have ended
      } else {
        Thread follower = Thread.ofVirtual().name("log-" + id).start(() -> followLog(task));
        synchronized (followers) {
          followers.add(follower);
        }
      }
    }
  }

  /** A bar when the progress moved, at most once a second per task, and always at its end. */
  private void progress(JsonNode task, boolean composite) {
    String id = Formats.text(task, "id");
    int size = task.path("size").asInt(0);
    double percent = task.path("progress").asDouble(0);
    String bar;
    if (composite && size > 0) {
      bar = Formats.bar(task.path("completions").asInt(0), size);
    } else if (percent > 0 && Formats.text(task, "state").equals("RUNNING")) {
      bar = Formats.bar(percent);
    } else {
      return;
    }
    long nowMs = System.currentTimeMillis();
    boolean complete = composite ? task.path("completions").asInt(0) >= size : percent >= 100;
    if (bar.equals(progressShown.get(id))
        || !complete && nowMs - progressShownAt.getOrDefault(id, 0L) < PROGRESS_EVERY_MS) {
      return;
    }
    progressShown.put(id, bar);
    progressShownAt.put(id, nowMs);
    printer.line(now() + "  " + label(task) + "  " + bar);
  }

  private void followLog(JsonNode task) {
    String prefix = label(task) + " | ";
    LogLines lines = new LogLines(line -> printer.line(prefix + line));
    try {
      client.events(
          "/tasks/" + Formats.text(task, "id") + "/log?follow=true",
          (name, data) -> {
            if (!name.equals("log")) {
              return;
            }
            if (jsonLines) {
              printer.line(data);
            } else {
              lines.add(Formats.text(TorkClient.JSON.readTree(data), "contents"));
            }
          });
    } catch (RuntimeException e) {
      String note = prefix + "(log interrupted: " + e.getMessage() + ")";
      if (jsonLines) {
        System.err.println(note); // stdout stays JSON
      } else {
        printer.line(note);
      }
    } finally {
      lines.flush();
    }
  }

  private void awaitLogs() throws InterruptedException {
    List<Thread> all;
    synchronized (followers) {
      all = List.copyOf(followers);
    }
    long deadline = System.currentTimeMillis() + 10_000;
    for (Thread follower : all) {
      follower.join(Math.max(1, deadline - System.currentTimeMillis()));
    }
  }

  private static String label(JsonNode task) {
    int attempt = task.path("attempt").asInt(1);
    return Formats.text(task, "name") + (attempt > 1 ? " (attempt " + attempt + ")" : "");
  }

  static boolean isComposite(JsonNode task) {
    return task.has("parallel") || task.has("each") || task.has("subjob");
  }

  /** States only move forward: created, scheduled, running, ended. */
  private static int rank(String state) {
    return switch (state) {
      case "CREATED", "PENDING" -> 0;
      case "SCHEDULED" -> 1;
      case "RUNNING" -> 2;
      default -> isTerminal(state) ? 3 : 0;
    };
  }

  static boolean isTerminal(String state) {
    return switch (state) {
      case "COMPLETED", "FAILED", "CANCELLED", "SKIPPED" -> true;
      default -> false;
    };
  }

  private static String now() {
    return LocalTime.now().format(CLOCK);
  }
}
