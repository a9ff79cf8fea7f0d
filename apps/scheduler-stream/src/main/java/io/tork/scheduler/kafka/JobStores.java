package io.tork.scheduler.kafka;

import io.tork.model.Heartbeat;
import io.tork.model.Job;
import io.tork.model.Task;
import io.tork.model.codec.Json;
import io.tork.model.codec.Sealing;
import io.tork.scheduler.core.TaskLookup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * The job processor's stores ({@link StoreNames}), and the state machine's view of them ({@link
 * TaskLookup}): every read costs the same whatever the size of the job.
 */
final class JobStores implements TaskLookup {
  private static final StringSerializer KEYS = new StringSerializer();

  final KeyValueStore<String, Job> jobs;
  final KeyValueStore<String, Task> tasks;
  final KeyValueStore<String, String> activeTasks;
  final KeyValueStore<String, String> nodeTasks;
  final KeyValueStore<String, String> children;
  final KeyValueStore<String, String> jobTasks;
  final KeyValueStore<String, String> expiries;
  final KeyValueStore<String, String> outputs;
  final KeyValueStore<String, byte[]> items;
  final ReadOnlyKeyValueStore<String, Heartbeat> nodes;

  JobStores(ProcessorContext<String, Object> context) {
    this.jobs = context.getStateStore(StoreNames.JOBS);
    this.tasks = context.getStateStore(StoreNames.TASKS);
    this.activeTasks = context.getStateStore(StoreNames.ACTIVE_TASKS);
    this.nodeTasks = context.getStateStore(StoreNames.NODE_TASKS);
    this.children = context.getStateStore(StoreNames.CHILDREN);
    this.jobTasks = context.getStateStore(StoreNames.JOB_TASKS);
    this.expiries = context.getStateStore(StoreNames.EXPIRIES);
    this.outputs = context.getStateStore(StoreNames.OUTPUTS);
    this.items = context.getStateStore(StoreNames.ITEMS);
    this.nodes = context.getStateStore(StoreNames.NODES);
  }

  /** The keys of {@code store} that start with {@code prefix}, read before any is changed. */
  static List<String> keys(KeyValueStore<String, ?> store, String prefix) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, ?> it = store.prefixScan(prefix, KEYS)) {
      it.forEachRemaining(entry -> keys.add(entry.key));
    }
    return keys;
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
