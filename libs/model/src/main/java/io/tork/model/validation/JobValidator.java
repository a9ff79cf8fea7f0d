package io.tork.model.validation;

import io.tork.model.Access;
import io.tork.model.AuxTaskSpec;
import io.tork.model.Durations;
import io.tork.model.EachSpec;
import io.tork.model.InvalidJobException;
import io.tork.model.JobDefaults;
import io.tork.model.JobSpec;
import io.tork.model.Limits;
import io.tork.model.Permission;
import io.tork.model.ScheduledJobSpec;
import io.tork.model.SidecarSpec;
import io.tork.model.SubJobSpec;
import io.tork.model.TaskSpec;
import io.tork.model.WebhookHeaders;
import io.tork.model.WebhookSpec;
import io.tork.model.expr.ExpressionException;
import io.tork.model.expr.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The rules a job must meet to be accepted, each reported with the path of the field it concerns
 * (e.g. {@code tasks[1].image: is required}). Parsing problems (unknown fields, wrong types, bad
 * YAML) are reported by the codec before this runs.
 */
public final class JobValidator {
  /** Queue names the engine keeps for itself, as Tork does. */
  private static final Set<String> RESERVED_QUEUES =
      Set.of(
          "jobs",
          "pending",
          "started",
          "completed",
          "error",
          "heartbeat",
          "logs",
          "progress",
          "redeliveries");

  private static final int MAX_VAR_LENGTH = 64;

  private final Limits limits;
  private final List<String> problems = new ArrayList<>();

  private JobValidator(Limits limits) {
    this.limits = limits;
  }

  private static final int MAX_PRIORITY = 9;
  private static final int MAX_CONCURRENCY = 99_999;

  /** Validates within the default {@link Limits}. */
  public static JobSpec validate(JobSpec job) {
    return validate(job, Limits.DEFAULTS);
  }

  /**
   * Throws {@link InvalidJobException} listing every problem, or returns the spec unchanged. What
   * is over a limit of {@code limits} and can be known from the document alone is a problem.
   */
  public static JobSpec validate(JobSpec job, Limits limits) {
    JobValidator validator = new JobValidator(limits);
    validator.validateJob(job);
    validator.throwIfAny();
    return job;
  }

  /** A scheduled job within the default {@link Limits}. */
  public static ScheduledJobSpec validate(ScheduledJobSpec scheduled) {
    return validate(scheduled, Limits.DEFAULTS);
  }

  /** A scheduled job: the rules of a job, and a usable schedule no more frequent than allowed. */
  public static ScheduledJobSpec validate(ScheduledJobSpec scheduled, Limits limits) {
    JobValidator validator = new JobValidator(limits);
    if (scheduled.schedule() == null) {
      validator.problems.add("schedule: is required");
    } else {
      scheduled
          .schedule()
          .problem()
          .ifPresentOrElse(
              p -> validator.problems.add("schedule." + p),
              () -> LimitRules.cronInterval(scheduled.schedule(), limits, validator.problems));
    }
    validator.validateJob(scheduled.job());
    validator.throwIfAny();
    return scheduled;
  }

  /** Tork's rule (exactly one of user and role), within bounds. */
  private void validatePermissions(List<Permission> permissions) {
    if (permissions.size() > Access.MAX_PERMISSIONS) {
      problems.add(
          "permissions: has "
              + permissions.size()
              + " entries, more than the limit of "
              + Access.MAX_PERMISSIONS);
      return;
    }
    for (int i = 0; i < permissions.size(); i++) {
      String problem = permissions.get(i).problem();
      if (problem != null) {
        problems.add("permissions[" + i + "]" + problem);
      }
    }
  }

  private void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new InvalidJobException(problems);
    }
  }

  private void validateJob(JobSpec job) {
    if (job.name().isBlank()) {
      problems.add("name: is required");
    }
    validateTasks("tasks", job.tasks(), problems);
    LimitRules.childTasks("tasks", job.tasks(), limits, problems);
    validateExpression("output", job.output(), problems);
    validateTimeout("timeout", job.timeout(), problems);
    if (job.defaults() != null) {
      validateDefaults("defaults", job.defaults(), problems);
    }
    validateWebhooks("webhooks", job.webhooks(), problems);
    validatePermissions(job.permissions());
    if (job.autoDelete() != null) {
      if (job.autoDelete().after().isEmpty()) {
        problems.add("autoDelete.after: is required");
      }
      validateDuration("autoDelete.after", job.autoDelete().after(), problems);
    }
    if (job.waitFor() != null) {
      if (job.waitFor().timeout().isEmpty()) {
        problems.add("wait.timeout: is required");
      }
      if (validateDuration("wait.timeout", job.waitFor().timeout(), problems)) {
        LimitRules.atMost(
            "wait.timeout", job.waitFor().timeout(), limits.maxWait(), "maxWait", problems);
      }
    }
  }

  private void validateTasks(String path, List<TaskSpec> tasks, List<String> problems) {
    if (tasks.isEmpty()) {
      problems.add(path + ": must contain at least one task");
    }
    for (int i = 0; i < tasks.size(); i++) {
      notInADag(path + "[" + i + "]", tasks.get(i), problems);
      validateTask(path + "[" + i + "]", tasks.get(i), problems);
    }
  }

  private static void notInADag(String path, TaskSpec task, List<String> problems) {
    if (!task.dependencies().isEmpty()) {
      problems.add(path + ".dependencies: only the tasks of a dag have dependencies");
    }
  }

  private void validateWebhooks(String path, List<WebhookSpec> webhooks, List<String> problems) {
    for (int i = 0; i < webhooks.size(); i++) {
      WebhookSpec hook = webhooks.get(i);
      String at = path + "[" + i + "]";
      if (hook.url().isBlank()) {
        problems.add(at + ".url: is required");
      } else if (!hook.url().matches("(?i)https?://\\S+")) {
        problems.add(at + ".url: '" + hook.url() + "' is not an http(s) URL");
      }
      if (!hook.event().isEmpty() && !WebhookSpec.EVENTS.contains(hook.event())) {
        problems.add(
            at
                + ".event: '"
                + hook.event()
                + "' is not one of "
                + String.join(", ", WebhookSpec.EVENTS));
      }
      validateExpression(at + ".if", hook.condition(), problems);
      hook.headers()
          .forEach(
              (name, value) -> {
                // The template as written: what it renders to is checked again at call time.
                String field = at + ".headers." + WebhookHeaders.printable(name);
                WebhookHeaders.problem(name, value)
                    .ifPresentOrElse(
                        p -> problems.add(field + ": " + p),
                        () -> validateExpression(field, value, problems));
              });
    }
  }

  private void validateDefaults(String path, JobDefaults d, List<String> problems) {
    RetryRules.retry(path + ".retry", d.retry(), problems);
    if (d.limits() != null) {
      ContainerRules.limits(path + ".limits", d.limits(), problems);
    }
    validateDuration(path + ".timeout", d.timeout(), problems);
    validateQueue(path + ".queue", d.queue(), problems);
    validatePriority(path + ".priority", d.priority(), problems);
  }

  private void validateTask(String path, TaskSpec task, List<String> problems) {
    if (task.name().isBlank()) {
      problems.add(path + ".name: is required");
    }
    validateExpression(path + ".name", task.name(), problems);
    validateExpression(path + ".if", task.condition(), problems);
    validateExpression(path + ".var", task.var(), problems);
    if (task.var().length() > MAX_VAR_LENGTH) {
      problems.add(path + ".var: must be at most " + MAX_VAR_LENGTH + " characters");
    }
    validatePriority(path + ".priority", task.priority(), problems);
    List<String> kinds = new ArrayList<>();
    if (task.parallel() != null) {
      kinds.add("parallel");
    }
    if (task.each() != null) {
      kinds.add("each");
    }
    if (task.subjob() != null) {
      kinds.add("subjob");
    }
    if (task.dag() != null) {
      kinds.add("dag");
    }
    if (kinds.size() > 1) {
      problems.add(path + ": a task can be only one of parallel, each, subjob, dag, not " + kinds);
    }
    if (kinds.isEmpty()) {
      validateRegularTask(path, task, problems);
      return;
    }
    List<String> misplaced = ContainerRules.containerFields(task);
    if (!misplaced.isEmpty()) {
      problems.add(
          path + ": a " + kinds.getFirst() + " task cannot have " + String.join(", ", misplaced));
    }
    if (task.parallel() != null) {
      validateTasks(path + ".parallel.tasks", task.parallel().tasks(), problems);
      LimitRules.width(path + ".parallel.tasks", task.parallel().tasks(), limits, problems);
    }
    if (task.dag() != null) {
      String at = path + ".dag.tasks";
      if (task.dag().tasks().isEmpty()) {
        problems.add(at + ": must contain at least one task");
      }
      for (int i = 0; i < task.dag().tasks().size(); i++) {
        validateTask(at + "[" + i + "]", task.dag().tasks().get(i), problems);
      }
      LimitRules.width(at, task.dag().tasks(), limits, problems);
      DagRules.graph(at, task.dag(), problems);
    }
    if (task.each() != null) {
      EachSpec each = task.each();
      if (each.list().isBlank()) {
        problems.add(path + ".each.list: is required");
      }
      if (!each.list().isBlank()) {
        try {
          Templates.checkValue(each.list());
          LimitRules.eachList(path, each, limits, problems);
        } catch (ExpressionException e) {
          problems.add(path + ".each.list: " + e.getMessage());
        }
      }
      if (each.concurrency() < 0 || each.concurrency() > MAX_CONCURRENCY) {
        problems.add(path + ".each.concurrency: must be between 0 and " + MAX_CONCURRENCY);
      }
      if (!each.var().isEmpty() && !each.var().matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
        problems.add(path + ".each.var: must be a name (letters, digits, _)");
      }
      if (each.task() == null) {
        problems.add(path + ".each.task: is required");
      } else {
        notInADag(path + ".each.task", each.task(), problems);
        validateTask(path + ".each.task", each.task(), problems);
      }
    }
    if (task.subjob() != null) {
      SubJobSpec sub = task.subjob();
      if (sub.name().isBlank()) {
        problems.add(path + ".subjob.name: is required");
      }
      validateExpression(path + ".subjob.name", sub.name(), problems);
      validateExpression(path + ".subjob.output", sub.output(), problems);
      sub.inputs().forEach((k, v) -> validateExpression(path + ".subjob.inputs." + k, v, problems));
      validateTasks(path + ".subjob.tasks", sub.tasks(), problems);
      LimitRules.childTasks(path + ".subjob.tasks", sub.tasks(), limits, problems);
      validateWebhooks(path + ".subjob.webhooks", sub.webhooks(), problems);
      validateTimeout(path + ".subjob.timeout", sub.timeout(), problems);
    }
  }

  private void validateRegularTask(String path, TaskSpec task, List<String> problems) {
    if (task.image().isBlank()) {
      problems.add(path + ".image: is required");
    }
    validateQueue(path + ".queue", task.queue(), problems);
    validateDuration(path + ".timeout", task.timeout(), problems);
    RetryRules.retry(path + ".retry", task.retry(), problems);
    if (task.limits() != null) {
      ContainerRules.limits(path + ".limits", task.limits(), problems);
    }
    ContainerRules.paths(path, task, problems);
    validateExpression(path + ".image", task.image(), problems);
    validateExpression(path + ".queue", task.queue(), problems);
    for (int i = 0; i < task.cmd().size(); i++) {
      validateExpression(path + ".cmd[" + i + "]", task.cmd().get(i), problems);
    }
    task.env().forEach((k, v) -> validateExpression(path + ".env." + k, v, problems));
    validateAux(path + ".pre", task.pre(), problems);
    validateAux(path + ".post", task.post(), problems);
    SidecarRules.check(path, task, problems);
    for (int i = 0; i < task.sidecars().size(); i++) {
      String at = path + ".sidecars[" + i + "]";
      SidecarSpec sidecar = task.sidecars().get(i);
      validateDuration(at + ".timeout", sidecar.timeout(), problems);
      if (sidecar.probe() != null) {
        validateDuration(at + ".probe.timeout", sidecar.probe().timeout(), problems);
      }
      validateExpression(at + ".image", sidecar.image(), problems);
      sidecar.env().forEach((k, v) -> validateExpression(at + ".env." + k, v, problems));
    }
  }

  /** A job's (or sub-job's) {@code timeout}: a duration above zero, within the durations' limit. */
  private void validateTimeout(String path, String timeout, List<String> problems) {
    if (validateDuration(path, timeout, problems)
        && !timeout.isEmpty()
        && Durations.parse(timeout).orElseThrow().isZero()) {
      problems.add(path + ": must be longer than 0s");
    }
  }

  private void validatePriority(String path, @Nullable Integer priority, List<String> problems) {
    if (priority != null && (priority < 0 || priority > MAX_PRIORITY)) {
      problems.add(path + ": must be between 0 and " + MAX_PRIORITY);
    }
  }

  private void validateAux(String path, List<AuxTaskSpec> tasks, List<String> problems) {
    for (int i = 0; i < tasks.size(); i++) {
      AuxTaskSpec aux = tasks.get(i);
      String at = path + "[" + i + "]";
      if (aux.name().isBlank()) {
        problems.add(at + ".name: is required");
      }
      if (aux.image().isBlank()) {
        problems.add(at + ".image: is required");
      }
      validateDuration(at + ".timeout", aux.timeout(), problems);
      aux.env().forEach((k, v) -> validateExpression(at + ".env." + k, v, problems));
    }
  }

  /** Syntax errors are caught at submission; evaluation errors only show when the task runs. */
  private void validateExpression(String path, String value, List<String> problems) {
    try {
      Templates.check(value);
    } catch (ExpressionException e) {
      problems.add(path + ": " + e.getMessage());
    }
  }

  private void validateQueue(String path, String queue, List<String> problems) {
    if (queue.isEmpty() || Templates.isTemplate(queue)) {
      return;
    }
    if (queue.startsWith("x-") || RESERVED_QUEUES.contains(queue)) {
      problems.add(path + ": '" + queue + "' is reserved for the engine");
    } else if (!queue.matches("[A-Za-z0-9._-]{1,100}")) {
      problems.add(path + ": must be 1-100 letters, digits, '.', '_' or '-'");
    }
  }

  /** Whether {@code value} is a duration (or empty) within {@link Limits#maxDuration}. */
  private boolean validateDuration(String path, String value, List<String> problems) {
    if (value.isEmpty()) {
      return true;
    }
    if (Durations.parse(value).isEmpty()) {
      problems.add(path + ": '" + value + "' is not a duration (e.g. 300ms, 45m, 1h30m)");
      return false;
    }
    return LimitRules.atMost(path, value, limits.maxDuration(), "maxDuration", problems);
  }
}
