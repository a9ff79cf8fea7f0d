package io.tork.scheduler.core;

import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.model.TaskState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dag} tasks. The parent is a RUNNING record with {@code size} children, given records in
 * list order a chunk per decision, as a {@code parallel}'s ({@link Composites}). When it starts,
 * its graph is kept beside it, one entry per child (stored in chunks, as an {@code each}'s list):
 * {@code after}, the indexes of the child's dependencies, and {@code then}, the indexes of the
 * children that depend on it (the reverse index). A child whose dependencies have not all completed
 * (or been skipped) is a CREATED record with its templates unevaluated and {@code waiting} the
 * number that have not; each completion of a dependency counts it down, and at none left it is
 * evaluated (it sees its dependencies' outputs) and launched. So a child's event reads its parent,
 * one chunk of the graph and its dependents' records: the same in a dag of 10 or 10,000. A child
 * that fails fails the job, as in a {@code parallel}: its dependents never start, what runs is
 * cancelled.
 */
final class Dags {
  private static final String AFTER = "after";
  private static final String THEN = "then";

  private Dags() {}

  static Task launch(Changes ch, Task task) {
    List<TaskSpec> tasks = task.spec().dag().tasks();
    Task parent = Composites.reserve(ch, task, tasks.size());
    if (parent.state() != TaskState.RUNNING) {
      return parent;
    }
    ch.list(parent.id(), graph(tasks));
    ch.keepList(parent.id());
    return ended(ch, Composites.settle(ch, plan(ch, parent), true));
  }

  /** The next chunk of the dag's children ({@link io.tork.model.PlanChildren}). */
  static void planMore(Changes ch, Task parent) {
    ended(ch, Composites.settle(ch, plan(ch, parent), false));
  }

  /** A child completed (or was skipped): the parent counts it and lets its dependents go on. */
  static void childFinished(Changes ch, Task parent, Task child) {
    Task counted = ch.put(parent.toBuilder().completions(parent.completions() + 1).build());
    ended(ch, Composites.settle(ch, release(ch, counted, child.index()), false));
  }

  /** Plans children while the decision has budget; sends for the rest. */
  private static Task plan(Changes ch, Task parent) {
    Task p = parent;
    while (ch.hasBudget() && p.state() == TaskState.RUNNING && p.planned() < p.size()) {
      p = planNext(ch, p);
    }
    if (p.state() == TaskState.RUNNING && p.planned() < p.size()) {
      ch.continueLater(p.id());
    }
    return p;
  }

  /**
   * Plans child {@code planned}: held if a dependency has not completed (one without a record yet
   * has not: its completion will count this child down), else launched.
   */
  private static Task planNext(Changes ch, Task p) {
    int i = p.planned();
    TaskSpec spec = p.spec().dag().tasks().get(i);
    int waiting = 0;
    for (int dep : indexes(ch, p, i, AFTER)) {
      Task record = ch.child(p.id(), dep);
      if (record == null || !done(record)) {
        waiting++;
      }
    }
    ch.countChild();
    ch.spend(ch.specBytes(spec));
    Task next = p.toBuilder().planned(i + 1).build();
    if (waiting > 0) {
      Launch.hold(ch, spec, p, i, p.scope(), waiting);
      return ch.put(next);
    }
    Task child = Launch.plan(ch, spec, p.position(), p, i, p.scope(), false);
    Task counted = ch.put(Composites.counted(ch, next, child, false));
    return done(child) ? release(ch, counted, i) : counted;
  }

  /**
   * Child {@code index} is done: each held dependent is counted down, and launched at zero; one
   * that is done at once (skipped, nothing to run) releases its own dependents in turn.
   */
  private static Task release(Changes ch, Task parent, int index) {
    Task p = parent;
    Deque<Integer> done = new ArrayDeque<>(List.of(index));
    while (!done.isEmpty() && p.state() == TaskState.RUNNING) {
      for (int next : indexes(ch, p, done.pop(), THEN)) {
        Task held = ch.child(p.id(), next);
        if (held == null || held.state() != TaskState.CREATED) {
          continue; // not planned yet: it counts its dependencies when it is
        }
        if (held.waiting() > 1) {
          ch.put(held.toBuilder().waiting(held.waiting() - 1).build());
          continue;
        }
        Task started = Launch.planHeld(ch, held);
        p = ch.put(Composites.counted(ch, p, started, false));
        if (done(started)) {
          done.push(next);
        }
        if (p.state() != TaskState.RUNNING) {
          break;
        }
      }
    }
    return p;
  }

  /** The kept graph is not needed once the dag has ended. */
  private static Task ended(Changes ch, Task p) {
    if (p.state() != TaskState.RUNNING) {
      ch.dropList(p.id());
    }
    return p;
  }

  private static boolean done(Task child) {
    return child.state() == TaskState.COMPLETED || child.state() == TaskState.SKIPPED;
  }

  /** Entry {@code key} of child {@code index}'s place in the kept graph. */
  private static List<Integer> indexes(Changes ch, Task p, int index, String key) {
    if (!(ch.item(p.id(), index) instanceof Map<?, ?> entry)
        || !(entry.get(key) instanceof List<?> list)) {
      throw new IllegalStateException(
          "the graph of dag " + p.id() + " of job " + p.jobId() + " has no entry " + index);
    }
    List<Integer> out = new ArrayList<>(list.size());
    list.forEach(n -> out.add(((Number) n).intValue()));
    return out;
  }

  /**
   * Each child's dependencies and dependents by index (the names were checked at submission: an
   * unknown one is passed over here).
   */
  static List<Map<String, List<Integer>>> graph(List<TaskSpec> tasks) {
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      byName.putIfAbsent(tasks.get(i).name(), i);
    }
    List<List<Integer>> after = new ArrayList<>();
    List<List<Integer>> then = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      after.add(new ArrayList<>());
      then.add(new ArrayList<>());
    }
    for (int i = 0; i < tasks.size(); i++) {
      for (String name : tasks.get(i).dependencies()) {
        Integer dep = byName.get(name);
        if (dep != null && dep != i && !after.get(i).contains(dep)) {
          after.get(i).add(dep);
          then.get(dep).add(i);
        }
      }
    }
    List<Map<String, List<Integer>>> graph = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      graph.add(Map.of(AFTER, after.get(i), THEN, then.get(i)));
    }
    return graph;
  }
}
