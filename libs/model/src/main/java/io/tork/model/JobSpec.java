package io.tork.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A job as the user submitted it: a name, inputs and secrets, a list of tasks run one after
 * another, task defaults, and an {@code output} template that becomes the job's result. {@code
 * waitFor} (the field {@code wait}) only shapes the HTTP answer to the submission. {@code
 * permissions} name who besides its submitter may see and act on it ({@link Access}). A job with a
 * {@code timeout} that runs longer fails, what it runs cancelled.
 */
public record JobSpec(
    String name,
    String description,
    List<String> tags,
    Map<String, String> inputs,
    Map<String, String> secrets,
    List<TaskSpec> tasks,
    String output,
    @Nullable JobDefaults defaults,
    List<WebhookSpec> webhooks,
    @Nullable AutoDeleteSpec autoDelete,
    @Nullable WaitSpec waitFor,
    List<Permission> permissions,
    String timeout) {
  public JobSpec {
    name = Strings.orEmpty(name);
    description = Strings.orEmpty(description);
    tags = Strings.copy(tags);
    inputs = Strings.copy(inputs);
    secrets = Strings.copy(secrets);
    tasks = Strings.copy(tasks);
    output = Strings.orEmpty(output);
    webhooks = Strings.copy(webhooks);
    permissions = Strings.copy(permissions);
    timeout = Strings.orEmpty(timeout);
  }

  /** Without permissions. */
  public JobSpec(
      String name,
      String description,
      List<String> tags,
      Map<String, String> inputs,
      Map<String, String> secrets,
      List<TaskSpec> tasks,
      String output,
      @Nullable JobDefaults defaults,
      List<WebhookSpec> webhooks,
      @Nullable AutoDeleteSpec autoDelete,
      @Nullable WaitSpec waitFor) {
    this(
        name,
        description,
        tags,
        inputs,
        secrets,
        tasks,
        output,
        defaults,
        webhooks,
        autoDelete,
        waitFor,
        null,
        null);
  }

  public JobSpec(
      @Nullable String name,
      @Nullable String description,
      @Nullable Map<String, String> inputs,
      @Nullable List<TaskSpec> tasks) {
    this(name, description, null, inputs, null, tasks, null, null, null, null, null);
  }
}
