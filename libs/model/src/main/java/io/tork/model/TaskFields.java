package io.tork.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a {@link Task} being built, set one by one: all of {@link Task.Builder} but its
 * constructors (apart so that each file stays readable).
 */
abstract sealed class TaskFields permits Task.Builder {
  private String id;
  private String jobId;
  private String parentId;
  private int index;
  private int seq;
  private int position;
  private int attempt;
  private int recoveries;
  private int retries;
  private TaskState state;
  private TaskSpec spec;
  private Map<String, Object> scope;
  private String queue;
  private Instant createdAt;
  private @Nullable Instant scheduledAt;
  private @Nullable Instant startedAt;
  private @Nullable Instant completedAt;
  private @Nullable Instant failedAt;
  private @Nullable Instant dueAt;
  private String nodeId;
  private String result;
  private String error;
  private double progress;
  private int size;
  private int completions;
  private int planned;
  private int released;
  private int waiting;
  private String subJobId;
  private List<String> secrets;

  TaskFields() {}

  TaskFields(Task t) {
    id = t.id();
    jobId = t.jobId();
    parentId = t.parentId();
    index = t.index();
    seq = t.seq();
    position = t.position();
    attempt = t.attempt();
    recoveries = t.recoveries();
    retries = t.retries();
    state = t.state();
    spec = t.spec();
    scope = t.scope();
    queue = t.queue();
    createdAt = t.createdAt();
    scheduledAt = t.scheduledAt();
    startedAt = t.startedAt();
    completedAt = t.completedAt();
    failedAt = t.failedAt();
    dueAt = t.dueAt();
    nodeId = t.nodeId();
    result = t.result();
    error = t.error();
    progress = t.progress();
    size = t.size();
    completions = t.completions();
    planned = t.planned();
    released = t.released();
    waiting = t.waiting();
    subJobId = t.subJobId();
    secrets = t.secrets();
  }

  public Task.Builder id(String v) {
    id = v;
    return self();
  }

  public Task.Builder jobId(String v) {
    jobId = v;
    return self();
  }

  public Task.Builder parentId(String v) {
    parentId = v;
    return self();
  }

  public Task.Builder index(int v) {
    index = v;
    return self();
  }

  public Task.Builder seq(int v) {
    seq = v;
    return self();
  }

  public Task.Builder position(int v) {
    position = v;
    return self();
  }

  public Task.Builder attempt(int v) {
    attempt = v;
    return self();
  }

  public Task.Builder recoveries(int v) {
    recoveries = v;
    return self();
  }

  public Task.Builder retries(int v) {
    retries = v;
    return self();
  }

  public Task.Builder state(TaskState v) {
    state = v;
    return self();
  }

  public Task.Builder spec(TaskSpec v) {
    spec = v;
    return self();
  }

  public Task.Builder scope(Map<String, Object> v) {
    scope = v;
    return self();
  }

  public Task.Builder queue(String v) {
    queue = v;
    return self();
  }

  public Task.Builder createdAt(Instant v) {
    createdAt = v;
    return self();
  }

  public Task.Builder scheduledAt(@Nullable Instant v) {
    scheduledAt = v;
    return self();
  }

  public Task.Builder startedAt(@Nullable Instant v) {
    startedAt = v;
    return self();
  }

  public Task.Builder completedAt(@Nullable Instant v) {
    completedAt = v;
    return self();
  }

  public Task.Builder failedAt(@Nullable Instant v) {
    failedAt = v;
    return self();
  }

  public Task.Builder dueAt(@Nullable Instant v) {
    dueAt = v;
    return self();
  }

  public Task.Builder nodeId(String v) {
    nodeId = v;
    return self();
  }

  public Task.Builder result(String v) {
    result = v;
    return self();
  }

  public Task.Builder error(String v) {
    error = v;
    return self();
  }

  public Task.Builder progress(double v) {
    progress = v;
    return self();
  }

  public Task.Builder size(int v) {
    size = v;
    return self();
  }

  public Task.Builder completions(int v) {
    completions = v;
    return self();
  }

  public Task.Builder planned(int v) {
    planned = v;
    return self();
  }

  public Task.Builder released(int v) {
    released = v;
    return self();
  }

  public Task.Builder waiting(int v) {
    waiting = v;
    return self();
  }

  public Task.Builder subJobId(String v) {
    subJobId = v;
    return self();
  }

  public Task.Builder secrets(List<String> v) {
    secrets = v;
    return self();
  }

  public Task build() {
    return new Task(
        id,
        jobId,
        parentId,
        index,
        seq,
        position,
        attempt,
        recoveries,
        retries,
        state,
        spec,
        scope,
        queue,
        createdAt,
        scheduledAt,
        startedAt,
        completedAt,
        failedAt,
        dueAt,
        nodeId,
        result,
        error,
        progress,
        size,
        completions,
        planned,
        released,
        waiting,
        subJobId,
        secrets);
  }

  private Task.Builder self() {
    return (Task.Builder) this;
  }
}
