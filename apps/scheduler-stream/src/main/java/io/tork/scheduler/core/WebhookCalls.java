package io.tork.scheduler.core;

import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Redaction;
import io.tork.model.Task;
import io.tork.model.WebhookCall;
import io.tork.model.WebhookSpec;
import io.tork.model.codec.ApiJson;
import io.tork.model.expr.ExpressionException;
import io.tork.model.expr.Templates;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which webhook calls a decision makes: for each of the job's webhooks, each event it listens to
 * that the decision caused (a job state change, except to SCHEDULED, as in Tork; a job progress
 * change; a task record's state or progress change), if its {@code if} is true. Headers are
 * rendered, payloads are the API's summaries, redacted.
 */
public final class WebhookCalls {
  private static final Logger log = LoggerFactory.getLogger(WebhookCalls.class);

  private WebhookCalls() {}

  /**
   * @param before the job before the decision (null when it is new)
   * @param after the job after it
   * @param changed the task records the decision stores
   * @param previous a task record as it was before the decision (null when new)
   */
  public static List<WebhookCall> of(
      @Nullable Job before,
      Job after,
      List<Task> changed,
      Function<String, @Nullable Task> previous,
      Map<String, String> outputs,
      Instant now) {
    if (after.webhooks().isEmpty()) {
      return List.of();
    }
    Redaction redaction = Redaction.of(after, List.of());
    List<WebhookCall> calls = new ArrayList<>();
    boolean stateChanged =
        (before == null || before.state() != after.state()) && after.state() != JobState.SCHEDULED;
    boolean progressChanged = before != null && before.progress() != after.progress();
    for (WebhookSpec hook : after.webhooks()) {
      String event = hook.eventOrDefault();
      switch (event) {
        case WebhookSpec.JOB_STATE_CHANGE -> {
          if (before == null) {
            // As in Tork: a new job is announced as PENDING, the state it was accepted in.
            call(hook, after.withState(JobState.PENDING), null, redaction, outputs, now)
                .ifPresent(calls::add);
          }
          if (stateChanged && after.state() != JobState.PENDING) {
            call(hook, after, null, redaction, outputs, now).ifPresent(calls::add);
          }
        }
        case WebhookSpec.JOB_PROGRESS -> {
          if (progressChanged) {
            call(hook, after, null, redaction, outputs, now).ifPresent(calls::add);
          }
        }
        case WebhookSpec.TASK_STATE_CHANGE, WebhookSpec.TASK_PROGRESS -> {
          for (Task task : changed) {
            Task was = previous.apply(task.id());
            boolean fired =
                event.equals(WebhookSpec.TASK_STATE_CHANGE)
                    ? was == null || was.state() != task.state()
                    : was != null && was.progress() != task.progress();
            if (fired) {
              call(hook, after, task, redaction, outputs, now).ifPresent(calls::add);
            }
          }
        }
        default -> {}
      }
    }
    return calls;
  }

  private static java.util.Optional<WebhookCall> call(
      WebhookSpec hook,
      Job job,
      @Nullable Task task,
      Redaction redaction,
      Map<String, String> outputs,
      Instant now) {
    Map<String, Object> context = context(job, task, outputs);
    try {
      if (!hook.condition().isBlank()) {
        String verdict = Templates.render(hook.condition(), context).strip();
        if (!verdict.equals("true")) {
          if (!verdict.equals("false")) {
            log.atWarn()
                .addKeyValue("jobId", job.id())
                .addKeyValue("url", hook.url())
                .addKeyValue("if", verdict)
                .log("webhook skipped: its if is not a boolean");
          }
          return java.util.Optional.empty();
        }
      }
      Map<String, String> headers = new LinkedHashMap<>();
      hook.headers().forEach((k, v) -> headers.put(k, Templates.render(v, context)));
      byte[] payload =
          task == null
              ? ApiJson.jobSummary(redaction.job(job))
              : ApiJson.task(redaction.task(task));
      return java.util.Optional.of(
          new WebhookCall(
              job.id(),
              hook.url(),
              headers,
              hook.eventOrDefault(),
              new String(payload, StandardCharsets.UTF_8),
              now));
    } catch (ExpressionException e) {
      log.atWarn()
          .addKeyValue("jobId", job.id())
          .addKeyValue("url", hook.url())
          .addKeyValue("error", e.getMessage())
          .log("webhook skipped: a template failed");
      return java.util.Optional.empty();
    }
  }

  /**
   * The job's context, plus {@code job} and {@code task} as maps of their summary fields (also
   * under Tork's Go names, {@code job.State}, {@code task.State}).
   */
  private static Map<String, Object> context(
      Job job, @Nullable Task task, Map<String, String> outputs) {
    Map<String, Object> context = TaskPlanner.context(job, outputs, Map.of());
    Map<String, Object> jobFields = new LinkedHashMap<>();
    put(jobFields, "id", job.id());
    put(jobFields, "name", job.name());
    put(jobFields, "state", job.state().name());
    put(jobFields, "progress", job.progress());
    put(jobFields, "result", job.result());
    put(jobFields, "error", job.error());
    context.put("job", jobFields);
    if (task != null) {
      Map<String, Object> taskFields = new LinkedHashMap<>();
      put(taskFields, "id", task.id());
      put(taskFields, "name", task.name());
      put(taskFields, "state", task.state().name());
      put(taskFields, "progress", task.progress());
      put(taskFields, "result", task.result());
      put(taskFields, "error", task.error());
      context.put("task", taskFields);
    }
    return context;
  }

  private static void put(Map<String, Object> fields, String name, Object value) {
    fields.put(name, value);
    fields.put(Character.toUpperCase(name.charAt(0)) + name.substring(1), value);
  }
}
