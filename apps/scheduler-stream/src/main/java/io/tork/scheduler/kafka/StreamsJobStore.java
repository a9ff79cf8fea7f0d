package io.tork.scheduler.kafka;

import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Task;
import io.tork.model.TaskState;
import io.tork.model.codec.Json;
import io.tork.model.codec.Sealing;
import io.tork.scheduler.core.JobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * The {@link JobStore} in the job processor's Kafka Streams state stores ({@link StoreNames}): the
 * jobs, the task records, and one store per index, each keyed so that a lookup is one get or one
 * prefix scan of the entries it wants.
 */
final class StreamsJobStore implements JobStore {
  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, Job> jobs;
  private final KeyValueStore<String, Task> tasks;
  private final KeyValueStore<String, String> activeTasks;
  private final KeyValueStore<String, String> nodeTasks;
  private final KeyValueStore<String, String> children;
  private final KeyValueStore<String, String> jobTasks;
  private final DueIndex expiries;
  private final DueIndex timers;
  private final KeyValueStore<String, String> outputs;
  private final KeyValueStore<String, byte[]> items;

  StreamsJobStore(ProcessorContext<?, ?> context) {
    this.jobs = context.getStateStore(StoreNames.JOBS);
    this.tasks = context.getStateStore(StoreNames.TASKS);
    this.activeTasks = context.getStateStore(StoreNames.ACTIVE_TASKS);
    this.nodeTasks = context.getStateStore(StoreNames.NODE_TASKS);
    this.children = context.getStateStore(StoreNames.CHILDREN);
    this.jobTasks = context.getStateStore(StoreNames.JOB_TASKS);
    this.expiries = new DueIndex(context.getStateStore(StoreNames.EXPIRIES));
    this.timers = new DueIndex(context.getStateStore(StoreNames.TIMERS));
    this.outputs = context.getStateStore(StoreNames.OUTPUTS);
    this.items = context.getStateStore(StoreNames.ITEMS);
  }

  /** The keys of {@code store} that start with {@code prefix}, read before any is changed. */
  private static List<String> keys(KeyValueStore<String, ?> store, String prefix) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, ?> it = store.prefixScan(prefix, KEYS)) {
      it.forEachRemaining(entry -> keys.add(entry.key));
    }
    return keys;
  }

  @Override
  public @Nullable Job job(String jobId) {
    return jobs.get(jobId);
  }

  @Override
  public void putJob(Job job) {
    jobs.put(job.id(), job);
    if (job.deleteAt() != null && job.state() == JobState.COMPLETED) {
      expiries.put(job.deleteAt(), job.id(), job.id());
    }
    if (job.deadline() != null) {
      if (job.state().isTerminal()) {
        timers.delete(job.deadline(), job.id() + "/");
      } else {
        timers.put(job.deadline(), job.id() + "/", job.id() + "/");
      }
    }
  }

  @Override
  public void putTask(Task task, boolean created) {
    tasks.put(task.id(), task);
    String onNode = task.nodeId() + "/" + task.id();
    if (task.state() == TaskState.RUNNING && !task.nodeId().isEmpty()) {
      nodeTasks.put(onNode, task.jobId());
    } else if (!task.nodeId().isEmpty()) {
      nodeTasks.delete(onNode);
    }
    if (created) {
      jobTasks.put(task.jobId() + "/" + task.id(), "");
      if (task.isChild()) {
        children.put(task.parentId() + "/" + task.index(), task.id());
      }
    }
    String timer = task.jobId() + "/" + task.id();
    if (task.state() == TaskState.PENDING && task.dueAt() != null) {
      timers.put(task.dueAt(), timer, timer);
    } else if (task.dueAt() != null) {
      timers.delete(task.dueAt(), timer);
    }
    if (task.state().isActive()) {
      activeTasks.put(StoreNames.activeKey(task.jobId(), task.id()), task.id());
    } else {
      activeTasks.delete(StoreNames.activeKey(task.jobId(), task.id()));
    }
  }

  @Override
  public void putOutput(String jobId, String var, String value) {
    outputs.put(jobId + "/" + var, value);
  }

  @Override
  public void putItems(String parentId, int chunk, byte[] json) {
    items.put(parentId + "/" + chunk, json);
  }

  @Override
  public void dropItems(String parentId) {
    keys(items, parentId + "/").forEach(items::delete);
  }

  @Override
  public List<OnNode> running() {
    List<OnNode> running = new ArrayList<>();
    try (KeyValueIterator<String, String> it = nodeTasks.all()) {
      it.forEachRemaining(
          entry -> {
            int slash = entry.key.indexOf('/');
            running.add(
                new OnNode(
                    entry.key.substring(0, slash), entry.key.substring(slash + 1), entry.value));
          });
    }
    return running;
  }

  @Override
  public void notRunning(String nodeId, String taskId) {
    nodeTasks.delete(nodeId + "/" + taskId);
  }

  @Override
  public List<String> takeExpired(Instant now) {
    return expiries.takeDue(now);
  }

  @Override
  public List<Due> takeDue(Instant now) {
    return timers.takeDue(now).stream()
        .map(t -> new Due(t.substring(0, t.indexOf('/')), t.substring(t.indexOf('/') + 1)))
        .toList();
  }

  @Override
  public List<String> remove(String jobId) {
    List<String> removed = new ArrayList<>();
    for (String key : keys(jobTasks, jobId + "/")) {
      String taskId = key.substring(key.indexOf('/') + 1);
      Task task = tasks.get(taskId);
      if (task != null && task.isChild()) {
        children.delete(task.parentId() + "/" + task.index());
      }
      tasks.delete(taskId);
      activeTasks.delete(StoreNames.activeKey(jobId, taskId));
      jobTasks.delete(key);
      removed.add(taskId);
    }
    keys(outputs, jobId + "/").forEach(outputs::delete);
    jobs.delete(jobId);
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
  public @Nullable String output(String jobId, String var) {
    String value = outputs.get(jobId + "/" + var);
    return value == null ? null : Sealing.open(value); // sealed when it carries a secret
  }

  @Override
  public Map<String, String> outputs(String jobId) {
    Map<String, String> all = new HashMap<>();
    try (KeyValueIterator<String, String> it = outputs.prefixScan(jobId + "/", KEYS)) {
      it.forEachRemaining(e -> all.put(e.key.substring(jobId.length() + 1), Sealing.open(e.value)));
    }
    return all;
  }

  @Override
  public List<Task> active(String jobId) {
    return active(jobId, Integer.MAX_VALUE);
  }

  @Override
  public List<Task> active(String jobId, int max) {
    List<Task> active = new ArrayList<>();
    try (KeyValueIterator<String, String> it = activeTasks.prefixScan(jobId + "/", KEYS)) {
      while (it.hasNext() && active.size() < max) {
        Task task = tasks.get(it.next().value);
        if (task != null && task.state().isActive()) {
          active.add(task);
        }
      }
    }
    return active;
  }

  @Override
  @SuppressWarnings("unchecked")
  public @Nullable List<Object> itemChunk(String parentId, int chunk) {
    byte[] json = items.get(parentId + "/" + chunk);
    return json == null ? null : (List<Object>) Json.read(json, List.class); // sealed values open
  }
}
