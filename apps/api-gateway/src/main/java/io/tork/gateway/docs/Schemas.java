package io.tork.gateway.docs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The shapes of the API's bodies, for its OpenAPI description only: the answers are written by
 * {@code io.tork.model.codec.ApiJson} (Tork's field names, empty fields left out), the documents
 * read by the job language's parser. These records name the fields a client relies on.
 */
final class Schemas {
  private Schemas() {}

  @Schema(
      name = "Error",
      description = "Every error answer, Tork's shape: what is wrong, naming the field and limit.")
  record Error(@Schema(example = "tasks: must contain at least one task") String message) {}

  @Schema(name = "Status", description = "A command was accepted.")
  record Status(@Schema(example = "OK") String status) {}

  @Schema(
      name = "JobDocument",
      description =
          "A job as its author writes it (YAML or JSON): Tork's job language, as in examples/ and"
              + " docs/. The document is produced to the jobs topic as received.")
  record JobDocument(
      @Schema(example = "hello job") String name,
      String description,
      List<String> tags,
      Map<String, String> inputs,
      Map<String, String> secrets,
      @Schema(description = "Tasks run in order: each an image and a script, or a composite")
          List<Map<String, Object>> tasks,
      Map<String, Object> defaults,
      @JsonProperty("wait")
          @Schema(description = "Answer once the job ended, or 408 after the timeout")
          Map<String, String> waitFor,
      List<Map<String, Object>> webhooks,
      @Schema(description = "Scheduled jobs only: {cron}") Map<String, String> schedule) {}

  @Schema(name = "Task", description = "A task record: one run of a task of a job.")
  record Task(
      String id,
      String jobId,
      String parentId,
      String name,
      @Schema(
              allowableValues = {
                "CREATED",
                "PENDING",
                "SCHEDULED",
                "RUNNING",
                "COMPLETED",
                "FAILED",
                "CANCELLED",
                "STOPPED",
                "SKIPPED"
              })
          String state,
      int position,
      String image,
      String run,
      String queue,
      String nodeId,
      String result,
      String error,
      double progress,
      Instant createdAt,
      Instant scheduledAt,
      Instant startedAt,
      Instant completedAt,
      Instant failedAt,
      @Schema(description = "A retry waiting for its delay (PENDING): when it goes to its queue")
          Instant dueAt) {}

  @Schema(name = "Job", description = "A job as the engine tracks it; secrets redacted.")
  record Job(
      String id,
      String parentJobId,
      String name,
      String description,
      List<String> tags,
      @Schema(
              allowableValues = {
                "PENDING",
                "SCHEDULED",
                "RUNNING",
                "COMPLETED",
                "FAILED",
                "CANCELLED"
              })
          String state,
      Instant createdAt,
      Instant startedAt,
      Instant completedAt,
      Instant failedAt,
      int position,
      int taskCount,
      Map<String, String> inputs,
      @Schema(description = "inputs, secrets (redacted), tasks (outputs by var), job")
          Map<String, Object> context,
      List<Map<String, Object>> tasks,
      @Schema(description = "The first task records (the rest: /jobs/{id}/tasks)")
          List<Task> execution,
      int executionCount,
      @Schema(description = "The job's timeout as written (5m)") String timeout,
      @Schema(description = "When the job fails if it has not ended (its timeout)")
          Instant deadline,
      double progress,
      String result,
      String error) {}

  @Schema(name = "JobSummary", description = "A job in a list: no tasks, no execution.")
  record JobSummary(
      String id,
      String name,
      String description,
      List<String> tags,
      String state,
      Instant createdAt,
      Instant startedAt,
      Instant completedAt,
      Instant failedAt,
      int position,
      int taskCount,
      double progress,
      String result,
      String error) {}

  @Schema(name = "JobPage", description = "A page of jobs, newest first.")
  record JobPage(List<JobSummary> items, int number, int size, int totalPages, int totalItems) {}

  @Schema(name = "TaskPage", description = "A page of task records, in creation order.")
  record TaskPage(List<Task> items, int number, int size, int totalPages, int totalItems) {}

  @Schema(name = "LogPart", description = "Some lines of a task's output.")
  record LogPart(String id, int number, String taskId, String contents, Instant createdAt) {}

  @Schema(name = "LogPage", description = "A page of log parts, newest first.")
  record LogPage(List<LogPart> items, int number, int size, int totalPages, int totalItems) {}

  @Schema(name = "ScheduledJob", description = "A job that a cron expression starts.")
  record ScheduledJob(
      String id,
      String name,
      String description,
      List<String> tags,
      @Schema(allowableValues = {"ACTIVE", "PAUSED"}) String state,
      Instant createdAt,
      String cron,
      @Schema(description = "The zone the cron is evaluated in", example = "UTC") String timezone,
      @Schema(description = "When it starts its next job; null while paused", nullable = true)
          Instant nextRunAt,
      Map<String, String> schedule,
      List<Map<String, Object>> tasks) {}

  @Schema(name = "ScheduledJobPage", description = "A page of scheduled jobs.")
  record ScheduledJobPage(
      List<ScheduledJob> items, int number, int size, int totalPages, int totalItems) {}

  @Schema(name = "Health", description = "UP when every part of the process is.")
  record Health(
      @Schema(allowableValues = {"UP", "DOWN"}) String status,
      @Schema(description = "Why not, when DOWN") String message,
      @Schema(description = "Each part: state, detail, since") Map<String, Object> components) {}

  @Schema(name = "Node", description = "A node heard from in the last 5 minutes.")
  record Node(
      String id,
      @Schema(allowableValues = {"scheduler", "gateway", "worker"}) String role,
      String hostname,
      @Schema(allowableValues = {"UP", "OFFLINE"}) String status,
      Map<String, Integer> queues,
      int taskCount,
      double cpuPercent,
      long memoryUsedBytes,
      String version,
      Instant startedAt,
      Instant lastHeartbeatAt) {}

  @Schema(name = "Queue", description = "A queue: tasks waiting, workers subscribed.")
  record Queue(String name, long size, int subscribers) {}

  @Schema(name = "Metrics", description = "Tork's metrics, as Tork Web reads them.")
  record Metrics(
      @Schema(example = "{\"running\": 2}") Map<String, Integer> jobs,
      @Schema(example = "{\"running\": 3}") Map<String, Integer> tasks,
      @Schema(example = "{\"online\": 4, \"cpuPercent\": 12.5}") Map<String, Object> nodes) {}

  @Schema(name = "NewUser", description = "A user to make (admins only); the password is hashed.")
  record NewUser(
      @Schema(example = "Bob Smith") String name,
      @Schema(example = "bob", requiredMode = Schema.RequiredMode.REQUIRED) String username,
      @Schema(
              description = "8 characters to 72 bytes; never shown",
              requiredMode = Schema.RequiredMode.REQUIRED)
          String password,
      @Schema(example = "[\"ops\"]") List<String> roles) {}

  @Schema(name = "User", description = "A user of the API, without the password.")
  record User(String username, String name, List<String> roles, Instant createdAt) {}
}
