package io.tork.model.validation;

import io.tork.model.Durations;
import io.tork.model.EachSpec;
import io.tork.model.Limits;
import io.tork.model.ScheduleSpec;
import io.tork.model.TaskSpec;
import io.tork.model.expr.Bounds;
import io.tork.model.expr.Templates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * The rules of {@link JobValidator} that come from {@link Limits}: what a document asks for that is
 * over a limit, where the document alone tells (a literal list, a duration, a schedule). What only
 * the run tells (a list computed from outputs) is checked by the scheduler when the task starts.
 */
final class LimitRules {
  private LimitRules() {}

  /** {@code value}, a duration, is at most {@code max}; returns whether it is. */
  static boolean atMost(
      String path, String value, Duration max, String limitName, List<String> problems) {
    Duration duration = Durations.parse(value).orElse(Duration.ZERO);
    if (duration.compareTo(max) <= 0) {
      return true;
    }
    problems.add(Limits.exceeded(path, "'" + value + "'", Durations.format(max), limitName));
    return false;
  }

  /** A parallel or dag task's children ({@code path}) are at most {@link Limits#maxTasksPerJob}. */
  static void width(String path, List<TaskSpec> children, Limits limits, List<String> problems) {
    int width = children.size();
    if (width > limits.maxTasksPerJob()) {
      problems.add(
          Limits.exceeded(
              path, width + " tasks", String.valueOf(limits.maxTasksPerJob()), "maxTasksPerJob"));
    }
  }

  /**
   * A literal {@code each.list} ({@code sequence(1, 10)}, {@code {1, 2}}, {@code fromJSON('[..]')})
   * has at most {@link Limits#maxTasksPerJob} items, and a literal {@code sequence()} at most
   * {@link Limits#maxSequence}.
   *
   * @throws io.tork.model.expr.ExpressionException for a sequence over its limit
   */
  static void eachList(String path, EachSpec each, Limits limits, List<String> problems) {
    OptionalLong size = Templates.literalSize(each.list(), Bounds.of(limits));
    if (size.isPresent() && size.getAsLong() > limits.maxTasksPerJob()) {
      problems.add(
          Limits.exceeded(
              path + ".each.list",
              size.getAsLong() + " items",
              String.valueOf(limits.maxTasksPerJob()),
              "maxTasksPerJob"));
    }
  }

  /**
   * The child task records the tasks will plan, counted where the document tells (parallel widths,
   * literal each lists, nested), are at most {@link Limits#maxTasksPerJob}. A list known only at
   * run time counts nothing here: the count is a lower bound, so what it refuses is over.
   */
  static void childTasks(String path, List<TaskSpec> tasks, Limits limits, List<String> problems) {
    long children = 0;
    for (TaskSpec task : tasks) {
      children = Math.min(1L << 50, children + children(task, limits));
    }
    if (children > limits.maxTasksPerJob()) {
      problems.add(
          Limits.exceeded(
              path,
              "at least " + children + " child tasks",
              String.valueOf(limits.maxTasksPerJob()),
              "maxTasksPerJob"));
    }
  }

  /** Child records of one task, as far as the document tells (saturating, never overflowing). */
  private static long children(TaskSpec task, Limits limits) {
    long cap = 1L << 50; // beyond any limit, far from overflowing
    List<TaskSpec> children =
        task.parallel() != null
            ? task.parallel().tasks()
            : task.dag() != null ? task.dag().tasks() : null;
    if (children != null) {
      long sum = 0;
      for (TaskSpec child : children) {
        sum = Math.min(cap, sum + 1 + children(child, limits));
      }
      return sum;
    }
    EachSpec each = task.each();
    if (each != null && each.task() != null) {
      OptionalLong size;
      try {
        size = Templates.literalSize(each.list(), Bounds.of(limits));
      } catch (RuntimeException e) {
        return 0; // reported on the list itself
      }
      if (size.isEmpty()) {
        return 0;
      }
      long count = size.getAsLong();
      long per = 1 + children(each.task(), limits);
      return count != 0 && per > cap / count ? cap : Math.min(cap, count * per);
    }
    return 0;
  }

  /** Two ticks of the schedule are at least {@link Limits#minCronInterval} apart. */
  static void cronInterval(ScheduleSpec schedule, Limits limits, List<String> problems) {
    Duration floor = limits.minCronInterval();
    schedule
        .shortestInterval(Instant.now(), floor)
        .filter(gap -> gap.compareTo(floor) < 0)
        .ifPresent(
            gap ->
                problems.add(
                    "schedule.cron: '"
                        + schedule.cron()
                        + "' ticks "
                        + Durations.format(gap)
                        + " apart, more often than the limit of one tick every "
                        + Durations.format(floor)
                        + " ("
                        + Limits.flag("minCronInterval")
                        + ")"));
  }
}
