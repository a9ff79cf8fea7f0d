package io.tork.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One task as the user wrote it. {@code condition} is the YAML/JSON field {@code if}; {@code var}
 * names the job-context entry that receives the task's {@code $TORK_OUTPUT}.
 */
public record TaskSpec(
    String name,
    String description,
    String image,
    String run,
    Map<String, String> env,
    String queue,
    List<AuxTaskSpec> pre,
    List<AuxTaskSpec> post,
    List<String> volumes,
    @Nullable RetrySpec retry,
    String timeout,
    @Nullable LimitsSpec limits,
    String var,
    String condition) {
  public TaskSpec(
      @Nullable String name,
      @Nullable String description,
      @Nullable String image,
      @Nullable String run,
      @Nullable Map<String, String> env,
      @Nullable String queue,
      @Nullable List<AuxTaskSpec> pre,
      @Nullable List<AuxTaskSpec> post,
      @Nullable List<String> volumes,
      @Nullable RetrySpec retry,
      @Nullable String timeout,
      @Nullable LimitsSpec limits,
      @Nullable String var,
      @Nullable String condition) {
    this.name = Strings.orEmpty(name);
    this.description = Strings.orEmpty(description);
    this.image = Strings.orEmpty(image);
    this.run = Strings.orEmpty(run);
    this.env = Strings.copy(env);
    this.queue = Strings.orEmpty(queue);
    this.pre = Strings.copy(pre);
    this.post = Strings.copy(post);
    this.volumes = Strings.copy(volumes);
    this.retry = retry;
    this.timeout = Strings.orEmpty(timeout);
    this.limits = limits;
    this.var = Strings.orEmpty(var);
    this.condition = Strings.orEmpty(condition);
  }

  /** A minimal task: a name, an image and a script. */
  public static TaskSpec of(String name, String image, String run) {
    return new TaskSpec(
        name, null, image, run, null, null, null, null, null, null, null, null, null, null);
  }

  public TaskSpec withEnv(Map<String, String> newEnv) {
    return new TaskSpec(
        name,
        description,
        image,
        run,
        newEnv,
        queue,
        pre,
        post,
        volumes,
        retry,
        timeout,
        limits,
        var,
        condition);
  }

  public TaskSpec withQueue(String newQueue) {
    return new TaskSpec(
        name,
        description,
        image,
        run,
        env,
        newQueue,
        pre,
        post,
        volumes,
        retry,
        timeout,
        limits,
        var,
        condition);
  }
}
