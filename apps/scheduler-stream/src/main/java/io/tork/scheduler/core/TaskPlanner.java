package io.tork.scheduler.core;

import io.tork.model.AuxTaskSpec;
import io.tork.model.Job;
import io.tork.model.JobDefaults;
import io.tork.model.Limits;
import io.tork.model.SidecarSpec;
import io.tork.model.Sizes;
import io.tork.model.SubJobSpec;
import io.tork.model.TaskSpec;
import io.tork.model.WebhookSpec;
import io.tork.model.codec.Redaction;
import io.tork.model.expr.Ambient;
import io.tork.model.expr.Bounds;
import io.tork.model.expr.ExpressionException;
import io.tork.model.expr.Templates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a task definition against the job's context, as Tork does: name, image, queue, var, env
 * values, cmd, if, and a sub-job's name, inputs and secrets are templates; {@code run}, files,
 * entrypoint, workdir, mounts, timeout and retry stay literal. A composite task's children are
 * evaluated when they are created, each with what it sees then. Each template renders within {@link
 * Limits#maxValueBytes}, and all of a task's together within {@link Limits#maxRecordBytes}: a task
 * record is stored and sent whole.
 */
final class TaskPlanner {
  static final String DEFAULT_QUEUE = "default";

  private TaskPlanner() {}

  /** A task definition with its templates rendered, and how many bytes they rendered to. */
  record Evaluated(TaskSpec spec, long renderedBytes) {}

  /**
   * What an expression sees: {@code inputs}, {@code secrets}, {@code tasks} (outputs by var),
   * {@code job} (not in a sub-job, as in Tork), and {@code scope} (an {@code each} element).
   */
  static Map<String, Object> context(
      Job job, Map<String, String> outputs, Map<String, Object> scope) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("inputs", job.inputs());
    context.put("secrets", job.secrets());
    context.put("tasks", outputs);
    if (!job.isSubJob()) {
      context.put("job", Map.of("id", job.id(), "name", job.name()));
    }
    context.putAll(scope);
    return context;
  }

  /**
   * @throws ExpressionException when a template cannot be evaluated, or renders over its limit
   */
  static Evaluated evaluate(
      TaskSpec spec, Map<String, Object> context, Limits limits, Ambient ambient) {
    Renderer r = new Renderer(context, limits, ambient);
    TaskSpec.Builder out =
        spec.toBuilder()
            .name(r.render(spec.name()))
            .image(r.render(spec.image()))
            .env(r.map(spec.env()))
            .cmd(spec.cmd().stream().map(r::render).toList())
            .queue(r.render(spec.queue()))
            .pre(aux(spec.pre(), r))
            .post(aux(spec.post(), r))
            .sidecars(sidecars(spec.sidecars(), r))
            .var(r.render(spec.var()))
            .condition(r.render(spec.condition()));
    SubJobSpec sub = spec.subjob();
    if (sub != null) {
      out.subjob(
          new SubJobSpec(
              r.render(sub.name()),
              sub.description(),
              sub.tags(),
              sub.tasks(),
              r.map(sub.inputs()),
              r.map(sub.secrets()),
              sub.output(),
              sub.webhooks().stream().map(w -> webhook(w, r)).toList(),
              sub.detached(),
              sub.timeout()));
    }
    return new Evaluated(out.build(), r.total);
  }

  /**
   * Why {@code evaluated} cannot run, or "" when it can: a {@code queue} or {@code var} rendered
   * from a template into something that contains a secret value. Those two are names (a topic, an
   * output's key), which are never sealed, so a secret must not be part of them (ADR 46).
   */
  static String secretInAName(TaskSpec spec, TaskSpec evaluated, Redaction secrets) {
    if (secrets.isEmpty()) {
      return "";
    }
    if (Templates.isTemplate(spec.queue()) && secrets.occursIn(evaluated.queue())) {
      return "queue: renders a secret value; a queue's name is not secret (it names a topic),"
          + " so it may not contain one";
    }
    if (Templates.isTemplate(spec.var()) && secrets.occursIn(evaluated.var())) {
      return "var: renders a secret value; an output's name is not secret, so it may not contain"
          + " one";
    }
    return "";
  }

  /** Tork templates a sub-job's webhook url and headers when the sub-job starts. */
  private static WebhookSpec webhook(WebhookSpec hook, Renderer r) {
    return new WebhookSpec(
        r.render(hook.url()), r.map(hook.headers()), hook.event(), hook.condition());
  }

  /** A regular task with the job's defaults where it leaves fields empty, on its queue. */
  static TaskSpec withDefaults(TaskSpec spec, @Nullable JobDefaults defaults) {
    TaskSpec out = defaults == null ? spec : defaults.applyTo(spec);
    return out.queue().isEmpty() ? out.withQueue(DEFAULT_QUEUE) : out;
  }

  private static List<AuxTaskSpec> aux(List<AuxTaskSpec> tasks, Renderer r) {
    return tasks.stream()
        .map(
            t ->
                new AuxTaskSpec(
                    r.render(t.name()),
                    t.description(),
                    r.render(t.image()),
                    t.run(),
                    r.map(t.env()),
                    t.timeout()))
        .toList();
  }

  /** A sidecar's image and env are templates, as a pre or post task's are. */
  private static List<SidecarSpec> sidecars(List<SidecarSpec> sidecars, Renderer r) {
    return sidecars.stream()
        .map(
            s ->
                new SidecarSpec(
                    s.name(),
                    s.description(),
                    r.render(s.image()),
                    s.run(),
                    s.cmd(),
                    s.entrypoint(),
                    r.map(s.env()),
                    s.files(),
                    s.timeout(),
                    s.probe()))
        .toList();
  }

  /** Renders one task's templates, each within its bound and all within the record's. */
  private static final class Renderer {
    private final Map<String, Object> context;
    private final Bounds bounds;
    private final long maxTotal;
    private final Ambient ambient;
    private long total;

    Renderer(Map<String, Object> context, Limits limits, Ambient ambient) {
      this.context = context;
      this.ambient = ambient;
      this.bounds = Bounds.of(limits);
      this.maxTotal = limits.maxRecordBytes();
    }

    String render(String template) {
      if (!Templates.isTemplate(template)) {
        return template;
      }
      String value = Templates.render(template, context, bounds, ambient);
      total += Sizes.utf8(value);
      if (total > maxTotal) {
        throw new ExpressionException(
            Limits.exceeded(
                "the task's rendered size",
                "at least " + total + " bytes",
                String.valueOf(maxTotal),
                "maxRecordBytes"));
      }
      return value;
    }

    Map<String, String> map(Map<String, String> values) {
      Map<String, String> out = new LinkedHashMap<>();
      values.forEach((k, v) -> out.put(k, render(v)));
      return out;
    }
  }
}
