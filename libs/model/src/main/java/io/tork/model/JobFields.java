package io.tork.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a {@link Job} being built, set one by one: all of {@link Job.Builder} but its
 * constructors (apart so that each file stays readable).
 */
abstract sealed class JobFields permits Job.Builder {
  private String id;
  private String parentJobId;
  private String parentId;
  private String name;
  private String description;
  private List<String> tags;
  private JobState state;
  private Instant createdAt;
  private @Nullable Instant startedAt;
  private @Nullable Instant completedAt;
  private @Nullable Instant failedAt;
  private int position;
  private int taskSeq;
  private int attempt;
  private int childTasks;
  private Map<String, String> inputs;
  private Map<String, String> secrets;
  private List<TaskSpec> tasks;
  private String output;
  private @Nullable JobDefaults defaults;
  private List<WebhookSpec> webhooks;
  private @Nullable JobSchedule schedule;
  private @Nullable AutoDeleteSpec autoDelete;
  private @Nullable Instant deleteAt;
  private String timeout;
  private @Nullable Instant deadline;
  private double progress;
  private String error;
  private String result;
  private String createdBy;
  private List<Permission> permissions;
  private List<String> parentSecrets;

  JobFields() {}

  JobFields(Job j) {
    id = j.id();
    parentJobId = j.parentJobId();
    parentId = j.parentId();
    name = j.name();
    description = j.description();
    tags = j.tags();
    state = j.state();
    createdAt = j.createdAt();
    startedAt = j.startedAt();
    completedAt = j.completedAt();
    failedAt = j.failedAt();
    position = j.position();
    taskSeq = j.taskSeq();
    attempt = j.attempt();
    childTasks = j.childTasks();
    inputs = j.inputs();
    secrets = j.secrets();
    tasks = j.tasks();
    output = j.output();
    defaults = j.defaults();
    webhooks = j.webhooks();
    schedule = j.schedule();
    autoDelete = j.autoDelete();
    deleteAt = j.deleteAt();
    timeout = j.timeout();
    deadline = j.deadline();
    progress = j.progress();
    error = j.error();
    result = j.result();
    createdBy = j.createdBy();
    permissions = j.permissions();
    parentSecrets = j.parentSecrets();
  }

  public Job.Builder id(String v) {
    id = v;
    return self();
  }

  public Job.Builder parentJobId(String v) {
    parentJobId = v;
    return self();
  }

  public Job.Builder parentId(String v) {
    parentId = v;
    return self();
  }

  public Job.Builder name(String v) {
    name = v;
    return self();
  }

  public Job.Builder description(String v) {
    description = v;
    return self();
  }

  public Job.Builder tags(List<String> v) {
    tags = v;
    return self();
  }

  public Job.Builder state(JobState v) {
    state = v;
    return self();
  }

  public Job.Builder createdAt(Instant v) {
    createdAt = v;
    return self();
  }

  public Job.Builder startedAt(@Nullable Instant v) {
    startedAt = v;
    return self();
  }

  public Job.Builder completedAt(@Nullable Instant v) {
    completedAt = v;
    return self();
  }

  public Job.Builder failedAt(@Nullable Instant v) {
    failedAt = v;
    return self();
  }

  public Job.Builder position(int v) {
    position = v;
    return self();
  }

  public Job.Builder attempt(int v) {
    attempt = v;
    return self();
  }

  public Job.Builder childTasks(int v) {
    childTasks = v;
    return self();
  }

  public Job.Builder taskSeq(int v) {
    taskSeq = v;
    return self();
  }

  public Job.Builder inputs(Map<String, String> v) {
    inputs = v;
    return self();
  }

  public Job.Builder secrets(Map<String, String> v) {
    secrets = v;
    return self();
  }

  public Job.Builder tasks(List<TaskSpec> v) {
    tasks = v;
    return self();
  }

  public Job.Builder output(String v) {
    output = v;
    return self();
  }

  public Job.Builder defaults(@Nullable JobDefaults v) {
    defaults = v;
    return self();
  }

  public Job.Builder webhooks(List<WebhookSpec> v) {
    webhooks = v;
    return self();
  }

  public Job.Builder schedule(@Nullable JobSchedule v) {
    schedule = v;
    return self();
  }

  public Job.Builder autoDelete(@Nullable AutoDeleteSpec v) {
    autoDelete = v;
    return self();
  }

  public Job.Builder deleteAt(@Nullable Instant v) {
    deleteAt = v;
    return self();
  }

  public Job.Builder timeout(String v) {
    timeout = v;
    return self();
  }

  public Job.Builder deadline(@Nullable Instant v) {
    deadline = v;
    return self();
  }

  public Job.Builder progress(double v) {
    progress = v;
    return self();
  }

  public Job.Builder error(String v) {
    error = v;
    return self();
  }

  public Job.Builder result(String v) {
    result = v;
    return self();
  }

  public Job.Builder createdBy(String v) {
    createdBy = v;
    return self();
  }

  public Job.Builder permissions(List<Permission> v) {
    permissions = v;
    return self();
  }

  public Job.Builder parentSecrets(List<String> v) {
    parentSecrets = v;
    return self();
  }

  public Job build() {
    return new Job(
        id,
        parentJobId,
        parentId,
        name,
        description,
        tags,
        state,
        createdAt,
        startedAt,
        completedAt,
        failedAt,
        position,
        taskSeq,
        attempt,
        childTasks,
        inputs,
        secrets,
        tasks,
        output,
        defaults,
        webhooks,
        schedule,
        autoDelete,
        deleteAt,
        timeout,
        deadline,
        progress,
        error,
        result,
        createdBy,
        permissions,
        parentSecrets);
  }

  private Job.Builder self() {
    return (Job.Builder) this;
  }
}
