package io.tork.model.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tork.model.AutoDeleteSpec;
import io.tork.model.Job;
import io.tork.model.JobDefaults;
import io.tork.model.JobSchedule;
import io.tork.model.JobState;
import io.tork.model.Permission;
import io.tork.model.ScheduledJob;
import io.tork.model.ScheduledJobSpec;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.TaskSpec;
import io.tork.model.WebhookSpec;
import io.tork.model.codec.mapping.Mappers;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** How the REST API shows jobs and tasks: Tork's field names, tasks flattened, empties omitted. */
public final class ApiJson {
  private ApiJson() {}

  /** A job with its execution list, as {@code GET /jobs/{id}} answers. */
  public static byte[] job(Job job, List<Task> execution) {
    return job(job, execution, execution.size(), outputs(execution), Redaction.of(job, execution));
  }

  /**
   * A job with the first {@code execution.size()} of its {@code executionCount} task records (the
   * rest are paged apart), its context's {@code tasks} being {@code outputs}, redacted.
   */
  public static byte[] job(
      Job job,
      List<Task> execution,
      int executionCount,
      Map<String, String> outputs,
      Redaction redaction) {
    Redaction all = redaction.and(job.parentSecrets());
    for (Task task : execution) {
      all = all.and(task.secrets()); // not shown, so not in the answer's tree
    }
    return write(ApiJob.of(job, execution, executionCount, outputs), all);
  }

  /** A page of job summaries, as {@code GET /jobs} answers (Tork's shape), redacted. */
  public static byte[] jobPage(List<Job> jobs, int number, int totalPages, int totalItems) {
    return jobPage(jobs, j -> Redaction.of(j, List.of()), number, totalPages, totalItems);
  }

  /** A page of log parts, Tork's shape: {@code {id, number, taskId, contents, createdAt}}. */
  public static byte[] logPage(
      List<TaskLogPart> parts, int number, int totalPages, int totalItems) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("items", parts.stream().map(ApiJson::logPartFields).toList());
    page.put("number", number);
    page.put("size", parts.size());
    page.put("totalPages", totalPages);
    page.put("totalItems", totalItems);
    return write(page);
  }

  /**
   * A page of job summaries, as {@code GET /jobs} answers (Tork's shape), each redacted with its
   * job's secrets.
   */
  public static byte[] jobPage(
      List<Job> jobs,
      Function<Job, Redaction> redactions,
      int number,
      int totalPages,
      int totalItems) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put(
        "items",
        jobs.stream()
            .map(j -> tree(JobSummary.of(j), redactions.apply(j).and(j.parentSecrets())))
            .toList());
    page.put("number", number);
    page.put("size", jobs.size());
    page.put("totalPages", totalPages);
    page.put("totalItems", totalItems);
    return write(page);
  }

  /**
   * One log part as the API shows it, Tork's shape: {@code {id, number, taskId, contents,
   * createdAt}}.
   */
  public static byte[] logPart(TaskLogPart part, Redaction redaction) {
    return write(logPartFields(part), redaction);
  }

  private static Map<String, Object> logPartFields(TaskLogPart part) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", part.taskId() + "-" + part.number());
    out.put("number", part.number());
    out.put("taskId", part.taskId());
    out.put("contents", part.contents());
    out.put("createdAt", part.at());
    return out;
  }

  /**
   * A scheduled job: its summary (id, name, description, tags, state, createdAt, cron, its time
   * zone, when it runs next as of {@code now}: null while paused, inputs), and with {@code full}
   * its whole definition too.
   */
  public static Map<String, Object> scheduledJob(ScheduledJob job, boolean full, Instant now) {
    ScheduledJobSpec spec = job.spec();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", job.id());
    CreatedBy createdBy = CreatedBy.of(job.createdBy());
    if (createdBy != null) {
      out.put("createdBy", createdBy);
    }
    out.put("name", spec.name());
    putIf(out, "description", spec.description());
    putIf(out, "tags", spec.tags());
    out.put("state", job.state());
    out.put("createdAt", job.createdAt());
    out.put("cron", spec.schedule() == null ? "" : spec.schedule().cron());
    out.put("timezone", spec.schedule() == null ? "UTC" : spec.schedule().zone().getId());
    out.put("nextRunAt", job.nextRunAt(now).map(Instant::toString).orElse(null));
    putIf(out, "inputs", spec.inputs());
    if (full) {
      out.put("schedule", spec.schedule());
      putIf(out, "secrets", spec.secrets());
      out.put("tasks", spec.tasks());
      putIf(out, "output", spec.output());
      if (spec.defaults() != null) {
        out.put("defaults", spec.defaults());
      }
      putIf(out, "webhooks", spec.webhooks());
      putIf(out, "permissions", spec.permissions());
    }
    return out;
  }

  /**
   * The job's {@code tasks} context, from its records: each COMPLETED record with a {@code var} and
   * a result, later records winning (the scheduler keeps the same map apart from the job).
   */
  public static Map<String, String> outputs(List<Task> execution) {
    Map<String, String> out = new LinkedHashMap<>();
    execution.stream()
        .sorted(java.util.Comparator.comparingInt(Task::seq))
        .filter(t -> t.state() == io.tork.model.TaskState.COMPLETED)
        .filter(t -> !t.spec().var().isEmpty() && !t.result().isEmpty())
        .forEach(t -> out.put(t.spec().var(), t.result()));
    return out;
  }

  private static void putIf(Map<String, Object> out, String key, Object value) {
    boolean empty =
        value instanceof String s && s.isEmpty()
            || value instanceof java.util.Collection<?> c && c.isEmpty()
            || value instanceof Map<?, ?> m && m.isEmpty();
    if (!empty) {
      out.put(key, value);
    }
  }

  /** What a list or an event shows of a job, redacted with its own secrets. */
  public static byte[] jobSummary(Job job) {
    return jobSummary(job, Redaction.of(job, List.of()));
  }

  /** A task record as the API shows it, redacted with its own secrets. */
  public static byte[] task(Task task) {
    return task(task, Redaction.of(task));
  }

  /** What a list or an event shows of a job, redacted. */
  public static byte[] jobSummary(Job job, Redaction redaction) {
    return write(JobSummary.of(job), redaction.and(job.parentSecrets()));
  }

  /** A task record as the API shows it, redacted (its own secrets too, which it never shows). */
  public static byte[] task(Task task, Redaction redaction) {
    return write(task, redaction.and(task.secrets()));
  }

  /** Any other answer (a map, a message), redacted by its keys alone. */
  public static byte[] write(Object value) {
    return write(value, Redaction.none());
  }

  /**
   * Every answer goes out through here: its JSON tree redacted, every string of it, whatever the
   * field (ADR 46). A value under a secret-named key reads {@code [REDACTED]}, and so does every
   * occurrence of a secret value ({@code redaction}'s and the answer's own) in any other string,
   * keys included. An answer with no secret in sight is written as it is.
   */
  public static byte[] write(Object value, Redaction redaction) {
    byte[] plain = Mappers.API.writeValueAsBytes(value);
    if (redaction.isEmpty()
        && !SecretTrees.mayNameSecrets(plain)
        && !SecretTrees.mayHoldSealed(plain)) {
      return plain;
    }
    return Mappers.API.writeValueAsBytes(
        SecretTrees.redact(Mappers.API.readTree(plain), redaction));
  }

  /** {@code value}'s redacted tree, to go inside a larger answer. */
  private static JsonNode tree(Object value, Redaction redaction) {
    return SecretTrees.redact(Mappers.API.valueToTree(value), redaction);
  }

  /** Who submitted a job, in Tork's shape (a user): {@code {"username": "bob"}}. */
  record CreatedBy(String username) {
    static @Nullable CreatedBy of(String username) {
      return username.isEmpty() ? null : new CreatedBy(username);
    }
  }

  /** What a list shows of a job. */
  record JobSummary(
      String id,
      @Nullable CreatedBy createdBy,
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
      int taskCount,
      Map<String, String> inputs,
      @Nullable JobSchedule schedule,
      double progress,
      String result,
      String error) {
    static JobSummary of(Job job) {
      return new JobSummary(
          job.id(),
          CreatedBy.of(job.createdBy()),
          job.parentJobId(),
          job.parentId(),
          job.name(),
          job.description(),
          job.tags(),
          job.state(),
          job.createdAt(),
          job.startedAt(),
          job.completedAt(),
          job.failedAt(),
          job.position(),
          job.taskCount(),
          job.inputs(),
          job.schedule(),
          job.progress(),
          job.result(),
          job.error());
    }
  }

  record ApiJob(
      String id,
      @Nullable CreatedBy createdBy,
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
      int taskCount,
      Map<String, String> inputs,
      Map<String, String> secrets,
      Map<String, Object> context,
      @JsonInclude(JsonInclude.Include.ALWAYS) List<TaskSpec> tasks,
      @JsonInclude(JsonInclude.Include.ALWAYS) List<Task> execution,
      @JsonInclude(JsonInclude.Include.ALWAYS) int executionCount,
      @Nullable JobDefaults defaults,
      List<WebhookSpec> webhooks,
      List<Permission> permissions,
      @Nullable JobSchedule schedule,
      @Nullable AutoDeleteSpec autoDelete,
      @Nullable Instant deleteAt,
      String timeout,
      @Nullable Instant deadline,
      String output,
      double progress,
      String result,
      String error) {
    static ApiJob of(
        Job job, List<Task> execution, int executionCount, Map<String, String> outputs) {
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("inputs", job.inputs());
      context.put("secrets", job.secrets());
      context.put("tasks", outputs);
      if (!job.isSubJob()) {
        context.put("job", Map.of("id", job.id(), "name", job.name()));
      }
      return new ApiJob(
          job.id(),
          CreatedBy.of(job.createdBy()),
          job.parentJobId(),
          job.parentId(),
          job.name(),
          job.description(),
          job.tags(),
          job.state(),
          job.createdAt(),
          job.startedAt(),
          job.completedAt(),
          job.failedAt(),
          job.position(),
          job.taskCount(),
          job.inputs(),
          job.secrets(),
          context,
          job.tasks(),
          execution,
          executionCount,
          job.defaults(),
          job.webhooks(),
          job.permissions(),
          job.schedule(),
          job.autoDelete(),
          job.deleteAt(),
          job.timeout(),
          job.deadline(),
          job.output(),
          job.progress(),
          job.result(),
          job.error());
    }
  }
}
