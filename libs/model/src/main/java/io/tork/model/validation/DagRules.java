package io.tork.model.validation;

import io.tork.model.DagSpec;
import io.tork.model.TaskSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of a {@code dag}'s graph: its tasks' names unique, each dependency the name of another
 * task of the same dag, and no cycle (whose members are named, in order). A task without a name is
 * reported by the task rules ({@code name: is required}).
 */
final class DagRules {
  private DagRules() {}

  static void graph(String path, DagSpec dag, List<String> problems) {
    List<TaskSpec> tasks = dag.tasks();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      String name = tasks.get(i).name();
      if (name.isBlank()) {
        continue;
      }
      Integer first = index.putIfAbsent(name, i);
      if (first != null) {
        problems.add(
            path
                + "["
                + i
                + "].name: '"
                + name
                + "' is the name of "
                + path
                + "["
                + first
                + "]"
                + " too; the tasks of a dag need unique names");
      }
    }
    boolean known = true;
    for (int i = 0; i < tasks.size(); i++) {
      List<String> deps = tasks.get(i).dependencies();
      for (int d = 0; d < deps.size(); d++) {
        String dep = deps.get(d);
        String at = path + "[" + i + "].dependencies[" + d + "]: '" + dep + "'";
        if (!index.containsKey(dep)) {
          problems.add(at + " is not the name of a task of this dag");
          known = false;
        } else if (dep.equals(tasks.get(i).name())) {
          problems.add(at + " is the task itself");
          known = false;
        }
      }
    }
    if (known) {
      List<String> cycle = cycle(tasks, index);
      if (!cycle.isEmpty()) {
        problems.add(path + ": the dependencies form a cycle: " + String.join(" -> ", cycle));
      }
    }
  }

  /**
   * One cycle of the graph, as names (the first again at the end), or none: an iterative
   * depth-first walk, each task visited once.
   */
  private static List<String> cycle(List<TaskSpec> tasks, Map<String, Integer> index) {
    int[] state = new int[tasks.size()]; // 0 new, 1 on the walk's path, 2 done
    int[] next = new int[tasks.size()];
    for (int start = 0; start < tasks.size(); start++) {
      if (state[start] != 0) {
        continue;
      }
      Deque<Integer> path = new ArrayDeque<>();
      path.push(start);
      state[start] = 1;
      while (!path.isEmpty()) {
        int at = path.peek();
        List<String> deps = tasks.get(at).dependencies();
        if (next[at] == deps.size()) {
          state[at] = 2;
          path.pop();
          continue;
        }
        int to = index.get(deps.get(next[at]++));
        if (state[to] == 1) {
          return members(tasks, path, to);
        }
        if (state[to] == 0) {
          state[to] = 1;
          path.push(to);
        }
      }
    }
    return List.of();
  }

  /** The walk's path from {@code to} on: a task, what it depends on, ..., the task again. */
  private static List<String> members(List<TaskSpec> tasks, Deque<Integer> path, int to) {
    List<Integer> onPath = new ArrayList<>(path);
    java.util.Collections.reverse(onPath);
    Set<String> names = new LinkedHashSet<>();
    for (int i = onPath.indexOf(to); i < onPath.size(); i++) {
      names.add(tasks.get(onPath.get(i)).name());
    }
    List<String> out = new ArrayList<>(names);
    out.add(tasks.get(to).name());
    return out;
  }
}
