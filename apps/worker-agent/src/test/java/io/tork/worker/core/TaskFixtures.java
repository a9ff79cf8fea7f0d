package io.tork.worker.core;

import io.tork.model.AuxTaskSpec;
import io.tork.model.LimitsSpec;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Tasks for runtime tests, in the local busybox image (nothing can be pulled here). */
public final class TaskFixtures {
  public static final String IMAGE = "tork-test/busybox:latest";

  private TaskFixtures() {}

  public static Task task(TaskSpec spec) {
    return Task.scheduled(
        "task-" + UUID.randomUUID(),
        "job-" + UUID.randomUUID(),
        1,
        1,
        1,
        spec,
        "default",
        Instant.now());
  }

  public static AuxTaskSpec aux(String name, String run) {
    return new AuxTaskSpec(name, null, IMAGE, run, null, null);
  }

  public static TaskSpec spec(
      String run, List<AuxTaskSpec> pre, List<AuxTaskSpec> post, List<String> volumes) {
    return TaskSpec.builder()
        .name("t")
        .image(IMAGE)
        .run(run)
        .pre(pre)
        .post(post)
        .volumes(volumes)
        .build();
  }

  public static TaskSpec withTimeout(TaskSpec s, String timeout) {
    return s.toBuilder().timeout(timeout).build();
  }

  public static TaskSpec withLimits(TaskSpec s, LimitsSpec limits) {
    return s.toBuilder().limits(limits).build();
  }
}
