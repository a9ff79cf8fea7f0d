package io.tork.model;

import io.tork.model.expr.ExpressionException;
import io.tork.model.expr.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
  private static final int MAX_RETRY_LIMIT = 10;

  private JobValidator() {}

  /** Throws {@link InvalidJobException} listing every problem, or returns the spec unchanged. */
  public static JobSpec validate(JobSpec job) {
    List<String> problems = new ArrayList<>();
    if (job.name().isBlank()) {
      problems.add("name: is required");
    }
    if (job.tasks().isEmpty()) {
      problems.add("tasks: must contain at least one task");
    }
    for (int i = 0; i < job.tasks().size(); i++) {
      validateTask("tasks[" + i + "]", job.tasks().get(i), problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidJobException(problems);
    }
    return job;
  }

  private static void validateTask(String path, TaskSpec task, List<String> problems) {
    if (task.name().isBlank()) {
      problems.add(path + ".name: is required");
    }
    if (task.image().isBlank()) {
      problems.add(path + ".image: is required");
    }
    validateQueue(path + ".queue", task.queue(), problems);
    validateDuration(path + ".timeout", task.timeout(), problems);
    if (task.var().length() > MAX_VAR_LENGTH) {
      problems.add(path + ".var: must be at most " + MAX_VAR_LENGTH + " characters");
    }
    if (task.retry() != null
        && (task.retry().limit() < 1 || task.retry().limit() > MAX_RETRY_LIMIT)) {
      problems.add(path + ".retry.limit: must be between 1 and " + MAX_RETRY_LIMIT);
    }
    if (task.limits() != null) {
      validateLimits(path + ".limits", task.limits(), problems);
    }
    for (int i = 0; i < task.volumes().size(); i++) {
      String volume = task.volumes().get(i);
      if (!volume.startsWith("/") || volume.equals("/tork") || volume.contains(":")) {
        problems.add(path + ".volumes[" + i + "]: must be an absolute container path, not /tork");
      }
    }
    validateExpression(path + ".if", task.condition(), problems);
    validateExpression(path + ".name", task.name(), problems);
    validateExpression(path + ".image", task.image(), problems);
    validateExpression(path + ".queue", task.queue(), problems);
    validateExpression(path + ".var", task.var(), problems);
    task.env().forEach((k, v) -> validateExpression(path + ".env." + k, v, problems));
    validateAux(path + ".pre", task.pre(), problems);
    validateAux(path + ".post", task.post(), problems);
  }

  private static void validateAux(String path, List<AuxTaskSpec> tasks, List<String> problems) {
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
  private static void validateExpression(String path, String value, List<String> problems) {
    try {
      Templates.check(value);
    } catch (ExpressionException e) {
      problems.add(path + ": " + e.getMessage());
    }
  }

  private static void validateQueue(String path, String queue, List<String> problems) {
    if (queue.isEmpty() || Templates.isTemplate(queue)) {
      return;
    }
    if (queue.startsWith("x-") || RESERVED_QUEUES.contains(queue)) {
      problems.add(path + ": '" + queue + "' is reserved for the engine");
    } else if (!queue.matches("[A-Za-z0-9._-]{1,100}")) {
      problems.add(path + ": must be 1-100 letters, digits, '.', '_' or '-'");
    }
  }

  private static void validateDuration(String path, String value, List<String> problems) {
    if (!value.isEmpty() && Durations.parse(value).isEmpty()) {
      problems.add(path + ": '" + value + "' is not a duration (e.g. 300ms, 45m, 1h30m)");
    }
  }

  private static void validateLimits(String path, LimitsSpec limits, List<String> problems) {
    if (!limits.cpus().isEmpty() && Quantities.nanoCpus(limits.cpus()).isEmpty()) {
      problems.add(path + ".cpus: '" + limits.cpus() + "' is not a positive number of CPUs");
    }
    if (!limits.memory().isEmpty() && Quantities.memoryBytes(limits.memory()).isEmpty()) {
      problems.add(path + ".memory: '" + limits.memory() + "' is not a size (e.g. 512k, 10m, 1g)");
    }
  }
}
