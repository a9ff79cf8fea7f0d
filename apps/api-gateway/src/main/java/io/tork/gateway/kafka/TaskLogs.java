package io.tork.gateway.kafka;

import io.tork.model.TaskLogPart;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The log parts of every task, as shipped by workers on the {@code logs} topic (kept there a week),
 * and the live followers of a task's log. One writer (the view's consumer), any number of readers.
 */
final class TaskLogs {
  private final Map<String, ConcurrentSkipListMap<Integer, TaskLogPart>> byTask =
      new ConcurrentHashMap<>();
  private final Map<String, List<Consumer<TaskLogPart>>> followers = new ConcurrentHashMap<>();
  private final Map<String, java.util.Set<String>> tasksOfJob = new ConcurrentHashMap<>();

  void add(TaskLogPart part) {
    tasksOfJob
        .computeIfAbsent(part.jobId(), id -> ConcurrentHashMap.newKeySet())
        .add(part.taskId());
    TaskLogPart previous =
        byTask
            .computeIfAbsent(part.taskId(), id -> new ConcurrentSkipListMap<>())
            .putIfAbsent(part.number(), part);
    if (previous == null) {
      followers.getOrDefault(part.taskId(), List.of()).forEach(f -> f.accept(part));
    }
  }

  /** The task's parts, newest first, whose contents contain {@code q} (case ignored). */
  List<TaskLogPart> of(String taskId, String q) {
    var parts = byTask.get(taskId);
    if (parts == null) {
      return List.of();
    }
    return filter(parts.descendingMap().values(), q);
  }

  /** The parts of several tasks, the given order of tasks first, each task's newest first. */
  List<TaskLogPart> ofAll(List<String> taskIds, String q) {
    List<TaskLogPart> out = new ArrayList<>();
    taskIds.forEach(id -> out.addAll(of(id, q)));
    return out;
  }

  /** The parts of one task so far, oldest first (what a follower is sent before the live ones). */
  List<TaskLogPart> oldestFirst(String taskId) {
    var parts = byTask.get(taskId);
    return parts == null ? List.of() : List.copyOf(parts.values());
  }

  /** Calls {@code follower} with each new part of the task; returns what stops it. */
  Runnable follow(String taskId, Consumer<TaskLogPart> follower) {
    followers.computeIfAbsent(taskId, id -> new CopyOnWriteArrayList<>()).add(follower);
    return () ->
        followers.computeIfPresent(
            taskId,
            (id, list) -> {
              list.remove(follower);
              return list.isEmpty() ? null : list;
            });
  }

  /** Drops the logs of every task of a job (the job was deleted). */
  void removeJob(String jobId) {
    java.util.Set<String> taskIds = tasksOfJob.remove(jobId);
    if (taskIds != null) {
      taskIds.forEach(byTask::remove);
    }
  }

  private static List<TaskLogPart> filter(Collection<TaskLogPart> parts, String q) {
    if (q.isBlank()) {
      return List.copyOf(parts);
    }
    String needle = q.toLowerCase(Locale.ROOT);
    return parts.stream()
        .filter(p -> p.contents().toLowerCase(Locale.ROOT).contains(needle))
        .toList();
  }
}
