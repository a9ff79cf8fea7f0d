package io.tork.scheduler.core;

import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Task;
import io.tork.model.TaskState;
import io.tork.model.codec.Json;
import io.tork.model.codec.Sealing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The {@link JobStore} in maps: the engine's store's twin, for tests. */
public final class InMemoryJobStore implements JobStore {
  private final Map<String, Job> jobs = new HashMap<>();
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private final Map<String, Set<String>> jobTasks = new HashMap<>();
  private final Map<String, String> children = new HashMap<>();
  private final Set<OnNode> onNodes = new LinkedHashSet<>();
  private final TreeMap<Instant, Set<String>> expiries = new TreeMap<>();
  private final Map<String, Map<String, String>> outputs = new HashMap<>();
  private final Map<String, Map<Integer, byte[]>> items = new HashMap<>();

  /** The timers by "due (epoch ms, 20 digits)/jobId/taskId", as the engine's store orders them. */
  private final TreeMap<String, Due> timers = new TreeMap<>();

  private static String timerKey(Instant at, String jobId, String taskId) {
    return String.format("%020d/%s/%s", at.toEpochMilli(), jobId, taskId);
  }

  @Override
  public @Nullable Job job(String jobId) {
    return jobs.get(jobId);
  }

  @Override
  public void putJob(Job job) {
    jobs.put(job.id(), job);
    if (job.deleteAt() != null && job.state() == JobState.COMPLETED) {
      expiries.computeIfAbsent(job.deleteAt(), at -> new LinkedHashSet<>()).add(job.id());
    }
    if (job.deadline() != null) {
      String key = timerKey(job.deadline(), job.id(), "");
      if (job.state().isTerminal()) {
        timers.remove(key);
      } else {
        timers.put(key, new Due(job.id(), ""));
      }
    }
  }

  @Override
  public void putTask(Task task, boolean created) {
    tasks.put(task.id(), task);
    if (task.dueAt() != null) {
      String key = timerKey(task.dueAt(), task.jobId(), task.id());
      if (task.state() == TaskState.PENDING) {
        timers.put(key, new Due(task.jobId(), task.id()));
      } else {
        timers.remove(key);
      }
    }
    if (!task.nodeId().isEmpty()) {
      OnNode where = new OnNode(task.nodeId(), task.id(), task.jobId());
      if (task.state() == TaskState.RUNNING) {
        onNodes.add(where);
      } else {
        onNodes.remove(where);
      }
    }
    if (created) {
      jobTasks.computeIfAbsent(task.jobId(), id -> new LinkedHashSet<>()).add(task.id());
      if (task.isChild()) {
        children.put(task.parentId() + "/" + task.index(), task.id());
      }
    }
  }

  @Override
  public void putOutput(String jobId, String var, String value) {
    outputs.computeIfAbsent(jobId, id -> new HashMap<>()).put(var, value);
  }

  @Override
  public void putItems(String parentId, int chunk, byte[] json) {
    items.computeIfAbsent(parentId, id -> new HashMap<>()).put(chunk, json.clone());
  }

  @Override
  public void dropItems(String parentId) {
    items.remove(parentId);
  }

  @Override
  public List<OnNode> running() {
    return List.copyOf(onNodes);
  }

  @Override
  public void notRunning(String nodeId, String taskId) {
    onNodes.removeIf(o -> o.nodeId().equals(nodeId) && o.taskId().equals(taskId));
  }

  @Override
  public List<String> takeExpired(Instant now) {
    List<String> due = new ArrayList<>();
    var expired = expiries.headMap(now, true);
    expired.values().forEach(due::addAll);
    expired.clear();
    return due;
  }

  @Override
  public List<Due> takeDue(Instant now) {
    var due = timers.headMap(String.format("%020d/~", now.toEpochMilli()), true);
    List<Due> taken = List.copyOf(due.values());
    due.clear();
    return taken;
  }

  @Override
  public List<String> remove(String jobId) {
    List<String> removed = new ArrayList<>(jobTasks.getOrDefault(jobId, Set.of()));
    for (String taskId : removed) {
      Task task = tasks.remove(taskId);
      if (task != null && task.isChild()) {
        children.remove(task.parentId() + "/" + task.index());
      }
    }
    jobTasks.remove(jobId);
    outputs.remove(jobId);
    jobs.remove(jobId);
    return removed;
  }

  @Override
  public @Nullable Task task(String taskId) {
    return tasks.get(taskId);
  }

  @Override
  public @Nullable Task child(String parentId, int index) {
    String id = children.get(parentId + "/" + index);
    return id == null ? null : tasks.get(id);
  }

  @Override
  public List<Task> active(String jobId) {
    return tasks.values().stream()
        .filter(t -> t.jobId().equals(jobId) && t.state().isActive())
        .toList();
  }

  @Override
  public @Nullable String output(String jobId, String var) {
    String value = outputs.getOrDefault(jobId, Map.of()).get(var);
    return value == null ? null : Sealing.open(value);
  }

  @Override
  public Map<String, String> outputs(String jobId) {
    Map<String, String> all = new HashMap<>();
    outputs.getOrDefault(jobId, Map.of()).forEach((var, v) -> all.put(var, Sealing.open(v)));
    return all;
  }

  @Override
  @SuppressWarnings("unchecked")
  public @Nullable List<Object> itemChunk(String parentId, int chunk) {
    byte[] json = items.getOrDefault(parentId, Map.of()).get(chunk);
    return json == null ? null : (List<Object>) Json.read(json, List.class);
  }
}
