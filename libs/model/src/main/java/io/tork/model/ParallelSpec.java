package io.tork.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code parallel: {tasks: [...]}}: the children all start at once; done when all are done. */
public record ParallelSpec(List<TaskSpec> tasks) {
  public ParallelSpec(@Nullable List<TaskSpec> tasks) {
    this.tasks = Strings.copy(tasks);
  }
}
