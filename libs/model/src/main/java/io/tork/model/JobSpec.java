package io.tork.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A job as the user submitted it: a name, inputs and a list of tasks run one after another. */
public record JobSpec(
    String name, String description, Map<String, String> inputs, List<TaskSpec> tasks) {
  public JobSpec(
      @Nullable String name,
      @Nullable String description,
      @Nullable Map<String, String> inputs,
      @Nullable List<TaskSpec> tasks) {
    this.name = Strings.orEmpty(name);
    this.description = Strings.orEmpty(description);
    this.inputs = Strings.copy(inputs);
    this.tasks = Strings.copy(tasks);
  }
}
