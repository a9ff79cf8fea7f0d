package io.tork.scheduler.core;

import io.tork.model.AuxTaskSpec;
import io.tork.model.Job;
import io.tork.model.JobDefaults;
import io.tork.model.SubJobSpec;
import io.tork.model.TaskSpec;
import io.tork.model.WebhookSpec;
import io.tork.model.expr.Templates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a task definition against the job's context, as Tork does: name, image, queue, var, env
 * values, cmd, if, and a sub-job's name, inputs and secrets are templates; {@code run}, files,
 * entrypoint, workdir, mounts, timeout and retry stay literal. A composite task's children are
 * evaluated when they are created, each with what it sees then.
 */
final class TaskPlanner {
  static final String DEFAULT_QUEUE = "default";

  private TaskPlanner() {}

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
   * @throws io.tork.model.expr.ExpressionException when a template cannot be evaluated
   */
  static TaskSpec evaluate(TaskSpec spec, Map<String, Object> context) {
    TaskSpec.Builder out =
        spec.toBuilder()
            .name(Templates.render(spec.name(), context))
            .image(Templates.render(spec.image(), context))
            .env(map(spec.env(), context))
            .cmd(spec.cmd().stream().map(c -> Templates.render(c, context)).toList())
            .queue(Templates.render(spec.queue(), context))
            .pre(aux(spec.pre(), context))
            .post(aux(spec.post(), context))
            .var(Templates.render(spec.var(), context))
            .condition(Templates.render(spec.condition(), context));
    SubJobSpec sub = spec.subjob();
    if (sub != null) {
      out.subjob(
          new SubJobSpec(
              Templates.render(sub.name(), context),
              sub.description(),
              sub.tags(),
              sub.tasks(),
              map(sub.inputs(), context),
              map(sub.secrets(), context),
              sub.output(),
              sub.webhooks().stream().map(w -> webhook(w, context)).toList(),
              sub.detached()));
    }
    return out.build();
  }

  /** Tork templates a sub-job's webhook url and headers when the sub-job starts. */
  private static WebhookSpec webhook(WebhookSpec hook, Map<String, Object> context) {
    return new WebhookSpec(
        Templates.render(hook.url(), context),
        map(hook.headers(), context),
        hook.event(),
        hook.condition());
  }

  /** A regular task with the job's defaults where it leaves fields empty, on its queue. */
  static TaskSpec withDefaults(TaskSpec spec, @Nullable JobDefaults defaults) {
    TaskSpec out = defaults == null ? spec : defaults.applyTo(spec);
    return out.queue().isEmpty() ? out.withQueue(DEFAULT_QUEUE) : out;
  }

  private static List<AuxTaskSpec> aux(List<AuxTaskSpec> tasks, Map<String, Object> context) {
    return tasks.stream()
        .map(
            t ->
                new AuxTaskSpec(
                    Templates.render(t.name(), context),
                    t.description(),
                    Templates.render(t.image(), context),
                    t.run(),
                    map(t.env(), context),
                    t.timeout()))
        .toList();
  }

  private static Map<String, String> map(Map<String, String> env, Map<String, Object> context) {
    Map<String, String> out = new LinkedHashMap<>();
    env.forEach((k, v) -> out.put(k, Templates.render(v, context)));
    return out;
  }
}
