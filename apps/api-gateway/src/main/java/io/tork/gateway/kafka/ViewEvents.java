package io.tork.gateway.kafka;

import io.tork.model.Job;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What lives in memory beside the store, and only while someone asks: the live followers of jobs
 * and task logs, the requests waiting for a job's end, and the jobs this gateway has just had
 * acknowledged but not yet read back from {@code jobs} (so that its own GET never misses them).
 * None of it grows with history.
 */
final class ViewEvents {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ViewEvents.class);

  /** Jobs acknowledged here but not yet seen by the view are held at most this long, this many. */
  private static final Duration SUBMITTED_KEPT = Duration.ofMinutes(1);

  private static final int SUBMITTED_MAX = 10_000;

  private record Submitted(Job job, long at) {}

  private final Map<String, List<Consumer<Object>>> jobFollowers = new ConcurrentHashMap<>();
  private final Map<String, List<Consumer<TaskLogPart>>> logFollowers = new ConcurrentHashMap<>();
  private final Map<String, List<CompletableFuture<Job>>> endWaiters = new ConcurrentHashMap<>();
  private final Map<String, Submitted> submitted = new ConcurrentHashMap<>();

  /** Calls {@code follower} with every new state of the job and of its task records. */
  Runnable followJob(String jobId, Consumer<Object> follower) {
    return add(jobFollowers, jobId, follower);
  }

  /** Calls {@code follower} with each new log part of the task. */
  Runnable followLog(String taskId, Consumer<TaskLogPart> follower) {
    return add(logFollowers, taskId, follower);
  }

  /** Completes with the job when the view sees it end; cancel the future to stop waiting. */
  CompletableFuture<Job> awaitEnd(String jobId) {
    CompletableFuture<Job> ended = new CompletableFuture<>();
    Runnable remove = add(endWaiters, jobId, ended);
    ended.whenComplete((job, error) -> remove.run());
    return ended;
  }

  void submitted(Job job) {
    long now = System.nanoTime();
    submitted.values().removeIf(s -> now - s.at() > SUBMITTED_KEPT.toNanos());
    if (submitted.size() < SUBMITTED_MAX) {
      submitted.put(job.id(), new Submitted(job, now));
    }
  }

  Optional<Job> submittedJob(String jobId) {
    return Optional.ofNullable(submitted.get(jobId)).map(Submitted::job);
  }

  /**
   * Blocks until the view has read back every job this gateway had acknowledged when called (a list
   * right after a POST shows it), or until {@code timeout}.
   */
  void awaitSubmissionsSeen(Duration timeout) throws InterruptedException {
    Set<String> waiting = Set.copyOf(submitted.keySet());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (waiting.stream().anyMatch(submitted::containsKey) && System.nanoTime() < deadline) {
      Thread.sleep(2); // the view's consumer removes them within a poll
    }
  }

  Pending pending() {
    return new Pending();
  }

  /** What one batch changed, told to the followers once the batch is committed. */
  final class Pending {
    private final List<Runnable> actions = new ArrayList<>();

    void job(Job job) {
      Runnable told =
          () -> {
            submitted.remove(job.id());
            tell(jobFollowers, job.id(), job);
            if (job.state().isTerminal()) {
              endWaiters.getOrDefault(job.id(), List.of()).forEach(w -> w.complete(job));
            }
          };
      // A job's end is told after everything else of its batch: a follower that stops at the end
      // (a job's event stream) still gets the last states of its tasks, read in the same batch
      // from another topic, in whichever order they came.
      actions.add(job.state().isTerminal() ? new Last(told) : told);
    }

    void task(Task task) {
      actions.add(() -> tell(jobFollowers, task.jobId(), task));
    }

    void log(TaskLogPart part) {
      actions.add(() -> tell(logFollowers, part.taskId(), part));
    }

    void submissionSeen(String jobId) {
      actions.add(() -> submitted.remove(jobId));
    }

    /** How many actions so far: {@link #truncate} forgets those of a record that failed. */
    int size() {
      return actions.size();
    }

    void truncate(int size) {
      actions.subList(size, actions.size()).clear();
    }

    /**
     * Tells every follower; one that throws is logged and does not stop the others (nor the view).
     */
    void run() {
      actions.stream().filter(a -> !(a instanceof Last)).forEach(Pending::runSafely);
      actions.stream().filter(a -> a instanceof Last).forEach(Pending::runSafely);
    }

    private static void runSafely(Runnable action) {
      try {
        action.run();
      } catch (RuntimeException e) {
        log.atWarn()
            .addKeyValue("error", e.getClass().getSimpleName() + ": " + e.getMessage())
            .log("a follower of the view failed");
      }
    }
  }

  /** An action told once the others of its batch are. */
  private record Last(Runnable action) implements Runnable {
    @Override
    public void run() {
      action.run();
    }
  }

  private static <T> void tell(Map<String, List<Consumer<T>>> followers, String id, T update) {
    followers.getOrDefault(id, List.of()).forEach(f -> f.accept(update));
  }

  private static <T> Runnable add(Map<String, List<T>> map, String id, T item) {
    map.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(item);
    return () ->
        map.computeIfPresent(
            id,
            (k, list) -> {
              list.remove(item);
              return list.isEmpty() ? null : list;
            });
  }
}
