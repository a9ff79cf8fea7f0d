package io.tork.scheduler.core;

import io.tork.model.AuxTaskSpec;
import io.tork.model.Job;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.model.expr.ExpressionException;
import io.tork.model.expr.Templates;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a task definition of a job into a task record: evaluates its templates against the job's
 * context (the fields Tork evaluates: name, image, queue, var, env values, if; {@code run} stays
 * literal), routes it to its queue, and decides whether it runs, is skipped, or fails.
 */
final class TaskPlanner {
  static final String DEFAULT_QUEUE = "default";

  private TaskPlanner() {}

  /**
   * A task record ready to dispatch, SKIPPED (its {@code if} is false) or FAILED (bad template).
   */
  static Task plan(Job job, int position, int seq, int attempt, String id, Instant now) {
    TaskSpec spec = job.tasks().get(position - 1);
    Map<String, Object> context = context(job);
    try {
      TaskSpec evaluated = evaluate(spec, context);
      String queue = evaluated.queue().isEmpty() ? DEFAULT_QUEUE : evaluated.queue();
      Task task =
          Task.scheduled(
              id, job.id(), seq, position, attempt, evaluated.withQueue(queue), queue, now);
      return evaluated.condition().strip().equals("false") ? task.skipped(now) : task;
    } catch (ExpressionException e) {
      return Task.scheduled(id, job.id(), seq, position, attempt, spec, spec.queue(), now)
          .failed(e.getMessage(), now);
    }
  }

  /** What an expression sees: {@code inputs}, {@code tasks} (outputs by var), {@code job}. */
  static Map<String, Object> context(Job job) {
    return Map.of(
        "inputs", job.inputs(),
        "tasks", job.outputs(),
        "job", Map.of("id", job.id(), "name", job.name()));
  }

  private static TaskSpec evaluate(TaskSpec spec, Map<String, Object> context) {
    return new TaskSpec(
        Templates.render(spec.name(), context),
        spec.description(),
        Templates.render(spec.image(), context),
        spec.run(),
        env(spec.env(), context),
        Templates.render(spec.queue(), context),
        aux(spec.pre(), context),
        aux(spec.post(), context),
        spec.volumes(),
        spec.retry(),
        spec.timeout(),
        spec.limits(),
        Templates.render(spec.var(), context),
        Templates.render(spec.condition(), context));
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
                    env(t.env(), context),
                    t.timeout()))
        .toList();
  }

  private static Map<String, String> env(Map<String, String> env, Map<String, Object> context) {
    Map<String, String> out = new LinkedHashMap<>();
    env.forEach((k, v) -> out.put(k, Templates.render(v, context)));
    return out;
  }
}
