package io.tork.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A job as the engine tracks it. Its size is bounded by its definition, never by the number of task
 * records it has produced nor by the outputs they wrote (both live apart: records by task id,
 * outputs by job and var), so one event costs the same in a job of 2 tasks or of 10,000.
 *
 * @param parentJobId for a sub-job, the job whose task started it
 * @param parentId for a sub-job, the id of the task that started it (Tork's {@code parentId})
 * @param position 1-based index of the current top-level task; {@code tasks.size() + 1} when done
 * @param taskSeq how many task records this job has created (orders its execution list)
 * @param attempt the attempt number of the latest record of the top-level task at {@code position}:
 *     a restart runs that task again as the next attempt
 * @param childTasks the child task records its {@code parallel} and {@code each} tasks have
 *     reserved in this run (list lengths and widths, nested ones included; a restart starts a new
 *     run): at most {@link Limits#maxTasksPerJob}
 * @param output the template that becomes {@code result} when the job completes
 * @param schedule for a job a schedule started, which one and for which tick
 * @param deleteAt when a COMPLETED job with {@code autoDelete} is removed
 * @param timeout the job's {@code timeout} as written ({@code 5m}), "" for none
 * @param deadline when a job with a {@code timeout} that has not ended fails: its timeout after it
 *     was scheduled (or restarted)
 * @param progress 0..100: completed top-level tasks plus the running one's own progress
 * @param createdBy who submitted it (a user's name; {@link Access#GUEST} with authentication off,
 *     {@link Access#ADMIN} with an API key); a sub-job or a scheduled run has its parent's
 * @param permissions who else may see and act on it ({@link Access}); a sub-job has its parent's
 * @param parentSecrets for a sub-job, the secret values of the job that started it (which its
 *     inputs, name or tasks may carry): sealed and redacted in this job as its own secrets are, but
 *     not in its {@code secrets} context (ADR 46)
 */
public record Job(
    String id,
    String parentJobId,
    String parentId,
    String name,
    String description,
    List<String> tags,
    JobState state,
    Instant createdAt,
    @Nullable Instant startedAt,
    @Nullable Instant completedAt,
    @Nullable Instant failedAt,
    int position,
    int taskSeq,
    int attempt,
    int childTasks,
    Map<String, String> inputs,
    Map<String, String> secrets,
    List<TaskSpec> tasks,
    String output,
    @Nullable JobDefaults defaults,
    List<WebhookSpec> webhooks,
    @Nullable JobSchedule schedule,
    @Nullable AutoDeleteSpec autoDelete,
    @Nullable Instant deleteAt,
    String timeout,
    @Nullable Instant deadline,
    double progress,
    String error,
    String result,
    String createdBy,
    List<Permission> permissions,
    List<String> parentSecrets) {

  public Job {
    parentJobId = Strings.orEmpty(parentJobId);
    parentId = Strings.orEmpty(parentId);
    name = Strings.orEmpty(name);
    description = Strings.orEmpty(description);
    tags = Strings.copy(tags);
    inputs = Strings.copy(inputs);
    secrets = Strings.copy(secrets);
    tasks = Strings.copy(tasks);
    output = Strings.orEmpty(output);
    timeout = Strings.orEmpty(timeout);
    webhooks = Strings.copy(webhooks);
    error = Strings.orEmpty(error);
    result = Strings.orEmpty(result);
    createdBy = Strings.orEmpty(createdBy);
    permissions = Strings.copy(permissions);
    parentSecrets = Strings.copy(parentSecrets);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A freshly accepted job, PENDING, before the scheduler has looked at it. */
  public static Job pending(String id, JobSpec spec, Instant createdAt) {
    return builder()
        .id(id)
        .name(spec.name())
        .description(spec.description())
        .tags(spec.tags())
        .state(JobState.PENDING)
        .createdAt(createdAt)
        .inputs(spec.inputs())
        .secrets(spec.secrets())
        .tasks(spec.tasks())
        .output(spec.output())
        .defaults(spec.defaults())
        .webhooks(spec.webhooks())
        .autoDelete(spec.autoDelete())
        .timeout(spec.timeout())
        .permissions(spec.permissions())
        .build();
  }

  /** A freshly accepted job that {@code createdBy} submitted. */
  public static Job pending(String id, JobSpec spec, Instant createdAt, String createdBy) {
    return pending(id, spec, createdAt).toBuilder().createdBy(createdBy).build();
  }

  /** The keys of those who may see and act on this job ({@link Access#keysOf}). */
  public List<String> accessKeys() {
    return Access.keysOf(createdBy, permissions);
  }

  /** A document that could not be accepted: FAILED from the start, with the reason. */
  public static Job rejected(String id, String name, String reason, Instant at) {
    return builder()
        .id(id)
        .name(name)
        .state(JobState.FAILED)
        .createdAt(at)
        .failedAt(at)
        .error(reason)
        .build();
  }

  public int taskCount() {
    return tasks.size();
  }

  public boolean isSubJob() {
    return !parentJobId.isEmpty();
  }

  public Job withState(JobState newState) {
    return toBuilder().state(newState).build();
  }

  public Job scheduled(int newPosition, int newTaskSeq) {
    return toBuilder().state(JobState.SCHEDULED).position(newPosition).taskSeq(newTaskSeq).build();
  }

  public Job running(Instant at) {
    return toBuilder()
        .state(JobState.RUNNING)
        .startedAt(startedAt == null ? at : startedAt)
        .build();
  }

  /** COMPLETED; with {@code autoDelete}, due for removal its {@code after} from now. */
  public Job completed(Instant at, String newResult) {
    Instant expiry =
        autoDelete == null
            ? null
            : Durations.parse(autoDelete.after()).map(d -> plus(at, d)).orElse(null);
    return toBuilder()
        .state(JobState.COMPLETED)
        .completedAt(at)
        .result(newResult)
        .deleteAt(expiry)
        .build();
  }

  /** {@code at + d}, or the end of time when that is past it (a document validated elsewhere). */
  private static Instant plus(Instant at, java.time.Duration d) {
    try {
      return at.plus(d);
    } catch (java.time.DateTimeException | ArithmeticException e) {
      return Instant.MAX;
    }
  }

  /** With its {@code deadline} its {@code timeout} from {@code at}; unchanged without one. */
  public Job timing(Instant at) {
    return timeout.isEmpty()
        ? this
        : toBuilder().deadline(Durations.parse(timeout).map(d -> plus(at, d)).orElse(null)).build();
  }

  public Job cancelled(Instant at) {
    return toBuilder().state(JobState.CANCELLED).build();
  }

  /**
   * Back to RUNNING from FAILED or CANCELLED, error cleared, to resume at {@code position}: a new
   * run, whose composites reserve their children anew.
   */
  public Job restarted() {
    return toBuilder()
        .state(JobState.RUNNING)
        .completedAt(null)
        .failedAt(null)
        .error("")
        .childTasks(0)
        .build();
  }

  public Job failed(Instant at, String reason) {
    return toBuilder().state(JobState.FAILED).failedAt(at).error(reason).build();
  }

  /** Builds jobs field by field. */
  public static final class Builder extends JobFields {
    private Builder() {}

    private Builder(Job j) {
      super(j);
    }
  }
}
