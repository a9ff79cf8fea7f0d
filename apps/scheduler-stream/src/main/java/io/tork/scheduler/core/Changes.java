package io.tork.scheduler.core;

import io.tork.model.CancelTask;
import io.tork.model.Job;
import io.tork.model.Task;
import io.tork.model.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one decision has changed so far: the job, the task records (latest version of each, in the
 * order they were first touched), dispatches, stops and messages. Reads go through it, so a step
 * sees what the steps before it decided.
 */
final class Changes {
  private final Instant now;
  private final IdSource ids;
  private final TaskLookup lookup;
  private Job job;
  private boolean jobChanged;
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private final Map<String, String> children = new HashMap<>();
  private final List<String> dispatches = new ArrayList<>();
  private final List<CancelTask> cancellations = new ArrayList<>();
  private final List<Message> messages = new ArrayList<>();
  private final java.util.Set<String> created = new java.util.HashSet<>();
  private final Map<String, String> outputs = new LinkedHashMap<>();

  Changes(Job job, Instant now, IdSource ids, TaskLookup lookup) {
    this.job = job;
    this.now = now;
    this.ids = ids;
    this.lookup = lookup;
  }

  Instant now() {
    return now;
  }

  Job job() {
    return job;
  }

  void job(Job next) {
    job = next;
    jobChanged = true;
  }

  /** A new id, for a task record (or a sub-job) this decision creates. */
  String newId() {
    String id = ids.next();
    created.add(id);
    return id;
  }

  /** The next creation number of a task record of this job. */
  int nextSeq() {
    int seq = job.taskSeq() + 1;
    job(job.toBuilder().taskSeq(seq).build());
    return seq;
  }

  @Nullable Task task(String id) {
    Task changed = tasks.get(id);
    return changed != null ? changed : lookup.task(id);
  }

  @Nullable Task child(String parentId, int index) {
    String id = children.get(parentId + "/" + index);
    return id != null ? tasks.get(id) : lookup.child(parentId, index);
  }

  /** Records what a task with {@code var} wrote. */
  void output(String var, String value) {
    outputs.put(var, value);
  }

  /**
   * The job's outputs as templates see them ({@code tasks.x}): read one by one from the store (and
   * this decision's), so a template costs what it reads, not the number of outputs.
   */
  Map<String, String> outputs() {
    String jobId = job.id();
    return new java.util.AbstractMap<>() {
      @Override
      public String get(Object key) {
        String name = String.valueOf(key);
        String pending = outputs.get(name);
        return pending != null ? pending : lookup.output(jobId, name);
      }

      @Override
      public boolean containsKey(Object key) {
        return get(key) != null;
      }

      @Override
      public java.util.Set<Entry<String, String>> entrySet() {
        Map<String, String> all = new LinkedHashMap<>(lookup.outputs(jobId));
        all.putAll(outputs);
        return all.entrySet();
      }
    };
  }

  Task put(Task task) {
    tasks.put(task.id(), task);
    if (task.isChild()) {
      children.put(task.parentId() + "/" + task.index(), task.id());
    }
    return task;
  }

  void dispatch(Task task) {
    dispatches.add(task.id());
  }

  void stop(CancelTask cancel) {
    cancellations.add(cancel);
  }

  void send(Message message) {
    messages.add(message);
  }

  /** The job's records that have not ended, as this decision leaves them so far. */
  List<Task> active() {
    Map<String, Task> all = new LinkedHashMap<>();
    lookup.active(job.id()).forEach(t -> all.put(t.id(), t));
    all.putAll(tasks);
    return all.values().stream().filter(t -> t.state().isActive()).toList();
  }

  Decision decision() {
    List<Task> dispatched =
        dispatches.stream()
            .map(tasks::get)
            .filter(t -> t.state() == TaskState.SCHEDULED)
            .distinct()
            .toList();
    return new Decision(
        jobChanged ? job : null,
        List.copyOf(tasks.values()),
        dispatched,
        cancellations,
        messages,
        created,
        outputs);
  }
}
