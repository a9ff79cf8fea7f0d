package io.tork.scheduler.core;

import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Limits;
import io.tork.model.Task;
import io.tork.model.WebhookCall;
import io.tork.model.WebhookSpec;
import io.tork.model.codec.ApiJson;
import io.tork.model.codec.Redaction;
import io.tork.model.expr.Ambient;
import io.tork.model.expr.Bounds;
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

  /** Within the default limits. */
  public static List<WebhookCall> of(
      @Nullable Job before,
      Job after,
      List<Task> changed,
      Function<String, @Nullable Task> previous,
      Map<String, String> outputs,
      Instant now) {
    return of(before, after, changed, previous, outputs, now, Limits.DEFAULTS);
  }

  /**
   * @param before the job before the decision (null when it is new)
   * @param after the job after it
   * @param changed the task records the decision stores
   * @param previous a task record as it was before the decision (null when new)
   * @param limits header templates render within {@link Limits#maxValueBytes}; a payload over
   *     {@link Limits#maxWebhookPayloadBytes} is not sent (one line of log says how many were not)
   */
  public static List<WebhookCall> of(
      @Nullable Job before,
      Job after,
      List<Task> changed,
      Function<String, @Nullable Task> previous,
      Map<String, String> outputs,
      Instant now,
      Limits limits) {
    if (after.webhooks().isEmpty()) {
      return List.of();
    }
    Calls calls = new Calls(after, outputs, now, limits);
    boolean stateChanged =
        (before == null || before.state() != after.state()) && after.state() != JobState.SCHEDULED;
    boolean progressChanged = before != null && before.progress() != after.progress();
    for (WebhookSpec hook : after.webhooks()) {
      String event = hook.eventOrDefault();
      switch (event) {
        case WebhookSpec.JOB_STATE_CHANGE -> {
          if (before == null) {
            // As in Tork: a new job is announced as PENDING, the state it was accepted in.
            calls.add(hook, after.withState(JobState.PENDING), null);
          }
          if (stateChanged && after.state() != JobState.PENDING) {
            calls.add(hook, after, null);
          }
        }
        case WebhookSpec.JOB_PROGRESS -> {
          if (progressChanged) {
            calls.add(hook, after, null);
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
              calls.add(hook, after, task);
            }
          }
        }
        default -> {}
      }
    }
    return calls.done();
  }

  /** The calls of one decision, and those skipped (said once, not once per call). */
  private static final class Calls {
    private final Job job;
    private final Map<String, String> outputs;
    private final Instant now;
    private final Limits limits;
    private final Ambient ambient;
    private final Redaction redaction;
    private final List<WebhookCall> made = new ArrayList<>();
    private int skipped;
    private String firstReason = "";
    private String firstUrl = "";

    Calls(Job job, Map<String, String> outputs, Instant now, Limits limits) {
      this.job = job;
      this.outputs = outputs;
      this.now = now;
      this.limits = limits;
      // Templates' now() and randomInt() read the decision's time, and a seed from the job and
      // that time: the same decision makes the same calls.
      this.ambient = Ambient.of(now, ((long) job.id().hashCode() << 32) ^ now.toEpochMilli());
      this.redaction = Redaction.of(job, List.of());
    }

    void add(WebhookSpec hook, Job state, @Nullable Task task) {
      String why = call(hook, state, task);
      if (!why.isEmpty()) {
        if (skipped++ == 0) {
          firstReason = why;
          firstUrl = hook.url();
        }
      }
    }

    List<WebhookCall> done() {
      if (skipped > 0) {
        log.atWarn()
            .addKeyValue("jobId", job.id())
            .addKeyValue("url", redaction.text(firstUrl))
            .addKeyValue("skipped", skipped)
            .addKeyValue("reason", redaction.text(firstReason))
            .log("webhook calls skipped");
      }
      return made;
    }

    /** Makes the call; returns why it was not made, or "" when it was (or its if is false). */
    private String call(WebhookSpec hook, Job state, @Nullable Task task) {
      Map<String, Object> context = context(state, task, outputs);
      Bounds bounds = Bounds.of(limits);
      try {
        if (!hook.condition().isBlank()) {
          String verdict = Templates.render(hook.condition(), context, bounds, ambient).strip();
          if (!verdict.equals("true")) {
            return verdict.equals("false") ? "" : "its if is not a boolean: " + abbreviate(verdict);
          }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        hook.headers()
            .forEach((k, v) -> headers.put(k, Templates.render(v, context, bounds, ambient)));
        // Redacted as every answer of the API is, over the whole tree (ADR 46).
        byte[] payload =
            task == null ? ApiJson.jobSummary(state, redaction) : ApiJson.task(task, redaction);
        if (payload.length > limits.maxWebhookPayloadBytes()) {
          return Limits.exceeded(
              "the payload",
              payload.length,
              limits.maxWebhookPayloadBytes(),
              "maxWebhookPayloadBytes");
        }
        made.add(
            new WebhookCall(
                state.id(),
                hook.url(),
                headers,
                hook.eventOrDefault(),
                new String(payload, StandardCharsets.UTF_8),
                now));
        return "";
      } catch (ExpressionException e) {
        return "a template failed: " + abbreviate(e.getMessage());
      }
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 200 ? text.substring(0, 197) + "..." : text;
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
