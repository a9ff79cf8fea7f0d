package io.tork.scheduler.core;

import io.tork.model.CancelTask;
import io.tork.model.Job;
import io.tork.model.Limits;
import io.tork.model.PlanChildren;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.model.TaskState;
import io.tork.model.codec.Json;
import io.tork.model.codec.Redaction;
import io.tork.model.expr.Ambient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one decision has changed so far: the job, the task records (latest version of each, in the
 * order they were first touched), dispatches, stops and messages. Reads go through it, so a step
 * sees what the steps before it decided. It also holds the decision's budget: a decision plans at
 * most {@link #CHUNK} child records (and about {@link #CHUNK_BYTES} of them), so that however large
 * a job is, one of its decisions is small and other jobs' are taken in between.
 */
final class Changes {
  /** Child records one decision plans or releases, at most. */
  static final int CHUNK = 500;

  /** About how many bytes of child records one decision plans, at most (one child always). */
  static final long CHUNK_BYTES = 4L * 1024 * 1024;

  /** Active records one decision cancels, at most. */
  static final int CANCEL_CHUNK = 1000;

  private final Instant now;
  private final Ambient ambient;
  private final IdSource ids;
  private final TaskLookup lookup;
  private final Limits limits;
  private Job job;
  private boolean jobChanged;
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private final Map<String, String> children = new HashMap<>();
  private final List<String> dispatches = new ArrayList<>();
  private final List<CancelTask> cancellations = new ArrayList<>();
  private final List<Message> messages = new ArrayList<>();
  private final java.util.Set<String> created = new java.util.HashSet<>();
  private final Map<String, String> outputs = new LinkedHashMap<>();
  private final Map<String, List<?>> lists = new HashMap<>();
  private final Map<String, List<Object>> chunksRead = new HashMap<>();
  private final List<ItemChunk> itemChunks = new ArrayList<>();
  private final Set<String> droppedItems = new LinkedHashSet<>();
  private final Set<String> continued = new LinkedHashSet<>();
  private final Map<TaskSpec, Long> specSizes = new java.util.IdentityHashMap<>();
  private @Nullable Redaction secrets;
  private int childrenLeft = CHUNK;
  private long bytesLeft = CHUNK_BYTES;

  Changes(Job job, Instant now, long seed, IdSource ids, TaskLookup lookup, Limits limits) {
    this.job = job;
    this.now = now;
    this.ambient = Ambient.of(now, seed);
    this.ids = ids;
    this.lookup = lookup;
    this.limits = limits;
  }

  Instant now() {
    return now;
  }

  /** What templates' {@code now()} and {@code randomInt()} read: the input's time and seed. */
  Ambient ambient() {
    return ambient;
  }

  Limits limits() {
    return limits;
  }

  /**
   * The job's secrets (its {@code secrets}, secret inputs and env, its parent's): what every record
   * it makes carries, never shows, and is sealed with (ADR 46). Read once per decision.
   */
  Redaction secrets() {
    if (secrets == null) {
      secrets = Redaction.of(job, List.of());
    }
    return secrets;
  }

  Job job() {
    return job;
  }

  void job(Job next) {
    assert Transitions.jobMay(job.state(), next.state())
        : "job " + job.id() + ": " + job.state() + " -> " + next.state() + " is not a transition";
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

  /** Whether this decision may plan or release another child record. */
  boolean hasBudget() {
    return childrenLeft > 0 && bytesLeft > 0;
  }

  /** A child record was planned or released. */
  void countChild() {
    childrenLeft--;
  }

  /** About {@code bytes} more of child records were planned. */
  void spend(long bytes) {
    bytesLeft -= bytes;
  }

  /** How large {@code spec} is as JSON (what each child record made from it carries). */
  long specBytes(TaskSpec spec) {
    return specSizes.computeIfAbsent(spec, s -> (long) Json.write(s).length);
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

  /** The list the {@code each} task {@code parentId} runs over, evaluated in this decision. */
  void list(String parentId, List<?> items) {
    lists.put(parentId, items);
  }

  /** Keeps the list of {@code parentId} for the decisions that plan the rest of its children. */
  void keepList(String parentId) {
    List<?> items = lists.get(parentId);
    if (items == null) {
      return;
    }
    for (int from = 0, chunk = 0; from < items.size(); from += ItemChunk.SIZE, chunk++) {
      List<Object> part =
          new ArrayList<>(items.subList(from, Math.min(items.size(), from + ItemChunk.SIZE)));
      itemChunks.add(new ItemChunk(parentId, chunk, part));
    }
  }

  /** The list of {@code parentId} is no longer needed: every child has a record. */
  void dropList(String parentId) {
    droppedItems.add(parentId);
  }

  /**
   * Item {@code index} of the list of the {@code each} task {@code parentId}: from this decision,
   * or from the stored chunk.
   *
   * @throws IllegalStateException when the list was not kept (a broken invariant)
   */
  @Nullable Object item(String parentId, int index) {
    List<?> items = lists.get(parentId);
    if (items != null) {
      return items.get(index);
    }
    int chunk = index / ItemChunk.SIZE;
    List<Object> part =
        chunksRead.computeIfAbsent(parentId + "/" + chunk, k -> lookup.itemChunk(parentId, chunk));
    if (part == null || index % ItemChunk.SIZE >= part.size()) {
      throw new IllegalStateException(
          "item " + index + " of task " + parentId + " of job " + job.id() + " is not kept");
    }
    return part.get(index % ItemChunk.SIZE);
  }

  /** This job goes on with composite {@code parentId} in a later decision (sent once). */
  void continueLater(String parentId) {
    if (continued.add(parentId)) {
      send(new Message.SendCommand(new PlanChildren(job.id(), parentId, now)));
    }
  }

  Task put(Task task) {
    assert legal(task) : "task " + task.id() + " of job " + job.id() + ": not a transition";
    tasks.put(task.id(), task);
    if (task.isChild()) {
      children.put(task.parentId() + "/" + task.index(), task.id());
    }
    return task;
  }

  /**
   * Whether storing {@code task} is one of the {@link Transitions}: from the state it was in (this
   * decision's, or the stored one), or from none for a record this decision created. Checked with
   * assertions on (the tests): a record whose previous state is unknown passes.
   */
  private boolean legal(Task task) {
    Task was = tasks.get(task.id());
    if (was == null && created.contains(task.id())) {
      return Transitions.taskMay(null, task.state());
    }
    if (was == null) {
      was = lookup.task(task.id());
    }
    return was == null || Transitions.taskMay(was.state(), task.state());
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

  /**
   * At most {@code max} of the job's records that have not ended, as this decision leaves them so
   * far, and whether the store may hold more.
   */
  Active active(int max) {
    Map<String, Task> all = new LinkedHashMap<>();
    List<Task> stored = lookup.active(job.id(), max);
    stored.forEach(t -> all.put(t.id(), t));
    all.putAll(tasks);
    List<Task> active = all.values().stream().filter(t -> t.state().isActive()).toList();
    return new Active(active, stored.size() >= max);
  }

  /** Some active records, and whether there may be more than these. */
  record Active(List<Task> tasks, boolean more) {}

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
        outputs,
        itemChunks,
        droppedItems);
  }
}
