package io.tork.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code POST /scheduled-jobs}: a job definition (without {@code wait}) and its schedule. */
public record ScheduledJobSpec(
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
    @Nullable ScheduleSpec schedule,
    List<Permission> permissions) {
  public ScheduledJobSpec {
    name = Strings.orEmpty(name);
    description = Strings.orEmpty(description);
    tags = Strings.copy(tags);
    inputs = Strings.copy(inputs);
    secrets = Strings.copy(secrets);
    tasks = Strings.copy(tasks);
    output = Strings.orEmpty(output);
    webhooks = Strings.copy(webhooks);
    permissions = Strings.copy(permissions);
  }

  /** The job each tick starts. */
  public JobSpec job() {
    return new JobSpec(
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
        null,
        permissions,
        null);
  }
}
