package io.tork.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code dag: {tasks: [...]}}: each child starts when every task its {@code dependencies} name has
 * completed (or was skipped), the children with none at once; done when all are done. The names are
 * the children's {@code name}s as written, unique within the dag; the graph has no cycle.
 */
public record DagSpec(List<TaskSpec> tasks) {
  public DagSpec(@Nullable List<TaskSpec> tasks) {
    this.tasks = Strings.copy(tasks);
  }
}
