package io.tork.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code subjob: {...}}: the task runs a whole child job; its result is the child's result. A
 * {@code detached} child runs on its own and the task completes at once. Its {@code timeout} is its
 * own, as a job's.
 */
public record SubJobSpec(
    String name,
    String description,
    List<String> tags,
    List<TaskSpec> tasks,
    Map<String, String> inputs,
    Map<String, String> secrets,
    String output,
    List<WebhookSpec> webhooks,
    Boolean detached,
    String timeout) {
  public SubJobSpec {
    name = Strings.orEmpty(name);
    description = Strings.orEmpty(description);
    tags = Strings.copy(tags);
    tasks = Strings.copy(tasks);
    inputs = Strings.copy(inputs);
    secrets = Strings.copy(secrets);
    output = Strings.orEmpty(output);
    webhooks = Strings.copy(webhooks);
    detached = detached != null && detached;
    timeout = Strings.orEmpty(timeout);
  }

  public SubJobSpec(
      @Nullable String name,
      @Nullable List<TaskSpec> tasks,
      @Nullable Map<String, String> inputs,
      boolean detached) {
    this(name, null, null, tasks, inputs, null, null, null, detached, null);
  }
}
