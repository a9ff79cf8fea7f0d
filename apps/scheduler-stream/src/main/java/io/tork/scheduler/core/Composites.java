package io.tork.scheduler.core;

import io.tork.model.EachSpec;
import io.tork.model.Limits;
import io.tork.model.Sizes;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.model.TaskState;
import io.tork.model.expr.Bounds;
import io.tork.model.expr.ExpressionException;
import io.tork.model.expr.Templates;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code parallel} and {@code each} tasks. The parent is a RUNNING record with {@code size}
 * children; they get records in list order, a chunk per decision ({@link Changes#CHUNK}): the first
 * when the parent starts, the next ones each in a decision of its own ({@link
 * io.tork.model.PlanChildren}, which the previous one sends), so that a list of 100,000 neither
 * makes one huge transaction nor holds up other jobs. An {@code each} with {@code concurrency} runs
 * at most that many children at once: children {@code [0, released)} have been let run, the others
 * wait as CREATED records (or none yet), and each completion lets the next one run. Invariant:
 * every completed child has an index below {@code released}, so {@code released - completions} run
 * now.
 */
final class Composites {
  private Composites() {}

  static Task launchParallel(Changes ch, Task task) {
    Task parent = reserve(ch, task, task.spec().parallel().tasks().size());
    if (parent.state() != TaskState.RUNNING) {
      return parent;
    }
    return settle(ch, advance(ch, parent, Mode.LAUNCH), true);
  }

  /**
   * Evaluates the list (within the limits: its length, each item, all of it) and starts the
   * children; the list is kept for the later decisions when they do not all get a record now.
   */
  static Task launchEach(Changes ch, Task task) {
    EachSpec each = task.spec().each();
    Object value;
    try {
      value =
          Templates.value(
              each.list(),
              TaskPlanner.context(ch.job(), ch.outputs(), task.scope()),
              Bounds.of(ch.limits()),
              ch.ambient());
    } catch (ExpressionException e) {
      return ch.put(task.failed("each.list: " + e.getMessage(), ch.now()));
    }
    List<?> items = asList(value);
    if (items == null) {
      return ch.put(
          task.failed("each.list does not evaluate to a list: got " + describe(value), ch.now()));
    }
    String tooLarge = overLimit(items, ch.limits());
    if (tooLarge != null) {
      return ch.put(task.failed(tooLarge, ch.now()));
    }
    Task parent = reserve(ch, task, items.size());
    if (parent.state() != TaskState.RUNNING) {
      return parent;
    }
    ch.list(parent.id(), items);
    Task started = advance(ch, parent, Mode.LAUNCH);
    if (started.state() == TaskState.RUNNING && started.planned() < started.size()) {
      ch.keepList(started.id());
    }
    return settle(ch, started, true);
  }

  /** The next chunk of {@code parentId}'s children ({@link io.tork.model.PlanChildren}). */
  static void planMore(Changes ch, String parentId) {
    Task parent = ch.task(parentId);
    if (parent == null) {
      return;
    }
    if (parent.state() != TaskState.RUNNING || ch.job().state().isTerminal()) {
      ch.dropList(parentId); // the parent ended before all its children had a record
      return;
    }
    if (parent.spec().dag() != null) {
      Dags.planMore(ch, parent);
      return;
    }
    settle(ch, advance(ch, parent, Mode.CONTINUE), false);
  }

  /** A child that ran finished: its parent counts it, and lets the next held-back child run. */
  static void childFinished(Changes ch, Task child) {
    Task parent = ch.task(child.parentId());
    if (parent == null || parent.state() != TaskState.RUNNING) {
      return; // the parent ended meanwhile (its job failed or was cancelled)
    }
    if (parent.spec().dag() != null) {
      Dags.childFinished(ch, parent, child);
      return;
    }
    Task counted = ch.put(parent.toBuilder().completions(parent.completions() + 1).build());
    settle(ch, limited(counted) ? advance(ch, counted, Mode.RELEASE) : counted, false);
  }

  /** What a decision does with a composite's children. */
  private enum Mode {
    /** The parent starts: plan and let run what this decision may. */
    LAUNCH,
    /** A chunk of its own: plan and let run what this decision may. */
    CONTINUE,
    /** A child ended: let the next ones run, planning only those (the chunks plan the rest). */
    RELEASE
  }

  /**
   * Plans and lets run the parent's next children while the decision has budget; sends for the
   * rest. A chunk chain runs while some child has no record yet; a release that runs out of budget
   * after that sends for the rest itself.
   */
  private static Task advance(Changes ch, Task parent, Mode mode) {
    boolean limited = limited(parent);
    int plannedBefore = parent.planned();
    Task p = parent;
    while (ch.hasBudget() && p.state() == TaskState.RUNNING && p.completions() < p.size()) {
      boolean slot = !limited || free(p) > 0;
      if (limited && p.released() < p.planned()) {
        if (slot) {
          p = release(ch, p);
        } else if (mode != Mode.RELEASE && p.planned() < p.size()) {
          p = planNext(ch, p, true);
        } else {
          break;
        }
      } else if (p.planned() < p.size() && (slot || mode != Mode.RELEASE)) {
        p = planNext(ch, p, !slot);
      } else {
        break;
      }
    }
    if (p.state() != TaskState.RUNNING || p.completions() >= p.size()) {
      return p;
    }
    boolean unplanned = p.planned() < p.size();
    boolean releasable = limited && p.released() < p.planned() && free(p) > 0;
    if ((unplanned && mode != Mode.RELEASE) || (!unplanned && releasable)) {
      ch.continueLater(p.id());
    }
    if (mode != Mode.LAUNCH && !unplanned && plannedBefore < p.size() && p.spec().each() != null) {
      ch.dropList(p.id()); // every child has its record: the kept list has served
    }
    return p;
  }

  /** Plans child {@code planned}: CREATED if {@code hold}, else launched. */
  private static Task planNext(Changes ch, Task p, boolean hold) {
    int i = p.planned();
    TaskSpec spec;
    Map<String, Object> scope;
    long itemBytes = 0;
    if (p.spec().parallel() != null) {
      spec = p.spec().parallel().tasks().get(i);
      scope = p.scope();
    } else {
      EachSpec each = p.spec().each();
      Object value = ch.item(p.id(), i);
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("index", String.valueOf(i));
      item.put("value", value);
      scope = new LinkedHashMap<>(p.scope());
      scope.put(each.itemVar(), item);
      spec = each.task();
      itemBytes = Sizes.json(value);
    }
    ch.countChild();
    ch.spend(ch.specBytes(spec) + itemBytes);
    Task child = Launch.plan(ch, spec, p.position(), p, i, scope, hold);
    return ch.put(counted(ch, p.toBuilder().planned(i + 1).build(), child, !hold));
  }

  /** Lets held-back child {@code released} run. */
  private static Task release(Changes ch, Task p) {
    int i = p.released();
    Task child = ch.child(p.id(), i);
    ch.countChild();
    Task next = p.toBuilder().released(i + 1).build();
    if (child == null || child.state() != TaskState.CREATED) {
      return ch.put(next); // a broken invariant would stop the each; passing over it does not
    }
    return ch.put(counted(ch, next, Launch.launch(ch, child), false));
  }

  /** The parent after {@code child} was planned or let run ({@code letRun}: planned to run). */
  static Task counted(Changes ch, Task p, Task child, boolean letRun) {
    Task.Builder next = p.toBuilder();
    if (letRun && limited(p)) {
      next.released(p.released() + 1);
    }
    switch (child.state()) {
      case FAILED -> {
        return p.failed(child.error(), ch.now());
      }
      case COMPLETED, SKIPPED -> {
        JobFlow.recordOutput(ch, child);
        next.completions(p.completions() + 1);
      }
      default -> {}
    }
    return next.build();
  }

  /**
   * A parent that failed fails the job, one whose children have all completed completes; at its
   * launch both are left to the caller, which sees the state it returns.
   */
  static Task settle(Changes ch, Task p, boolean launching) {
    if (p.state() == TaskState.FAILED) {
      if (!launching) {
        JobFlow.failJob(ch, p.error());
      }
      return p;
    }
    if (p.state() == TaskState.RUNNING && p.completions() >= p.size()) {
      Task done = ch.put(p.completed("", ch.now()));
      if (!launching) {
        JobFlow.finished(ch, done);
      }
      return done;
    }
    return p;
  }

  /**
   * The parent RUNNING with {@code size} children to come, counted against the job's {@link
   * Limits#maxTasksPerJob}; FAILED if they would be over it.
   */
  static Task reserve(Changes ch, Task task, int size) {
    long total = (long) ch.job().childTasks() + size;
    int max = ch.limits().maxTasksPerJob();
    if (total > max) {
      return ch.put(
          task.failed(
              Limits.exceeded(
                  "the number of child tasks of the job",
                  String.valueOf(total),
                  String.valueOf(max),
                  "maxTasksPerJob"),
              ch.now()));
    }
    ch.job(ch.job().toBuilder().childTasks((int) total).build());
    return ch.put(
        task.toBuilder()
            .state(TaskState.RUNNING)
            .scheduledAt(ch.now())
            .startedAt(ch.now())
            .size(size)
            .planned(0)
            .build());
  }

  /** Why the list cannot be run over: too many items, an item or all of them too large. */
  private static @Nullable String overLimit(List<?> items, Limits limits) {
    if (items.size() > limits.maxTasksPerJob()) {
      return Limits.exceeded(
          "each.list",
          items.size() + " items",
          String.valueOf(limits.maxTasksPerJob()),
          "maxTasksPerJob");
    }
    long total = 2;
    for (int i = 0; i < items.size(); i++) {
      long size = Sizes.json(items.get(i));
      if (size > limits.maxValueBytes()) {
        return Limits.exceeded(
            "each.list[" + i + "]", size, limits.maxValueBytes(), "maxValueBytes");
      }
      total += size + 1;
      if (total > limits.maxRecordBytes()) {
        return Limits.exceeded(
            "each.list",
            "at least " + total + " bytes",
            String.valueOf(limits.maxRecordBytes()),
            "maxRecordBytes");
      }
    }
    return null;
  }

  private static boolean limited(Task p) {
    EachSpec each = p.spec().each();
    return each != null && each.concurrency() > 0;
  }

  /** Slots an {@code each} with concurrency has free: its limit less the children that run. */
  private static int free(Task p) {
    return p.spec().each().concurrency() - (p.released() - p.completions());
  }

  private static @Nullable List<?> asList(@Nullable Object value) {
    return switch (value) {
      case List<?> list -> list;
      case Object[] array -> Arrays.asList(array);
      case null, default -> null;
    };
  }

  private static String describe(@Nullable Object value) {
    if (value == null) {
      return "nothing";
    }
    String text = String.valueOf(value);
    return "'" + (text.length() > 100 ? text.substring(0, 97) + "..." : text) + "'";
  }
}
