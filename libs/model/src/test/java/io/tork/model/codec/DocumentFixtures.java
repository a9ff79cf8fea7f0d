package io.tork.model.codec;

import io.tork.model.JobSpec;
import io.tork.model.ScheduleSpec;
import io.tork.model.ScheduledJobSpec;
import io.tork.model.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Job documents for the tests, parsed and validated as a submission is. */
public final class DocumentFixtures {
  private DocumentFixtures() {}

  public static JobSpec yaml(String text) {
    return JobDocuments.parse(text.getBytes(StandardCharsets.UTF_8), "text/yaml");
  }

  public static JobSpec json(String text) {
    return JobDocuments.parse(text.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  /** A scheduled job named "s" of one task on {@code cron} in {@code zone}, nothing else set. */
  public static ScheduledJobSpec scheduled(String cron, String zone, TaskSpec task) {
    return new ScheduledJobSpec(
        "s",
        "",
        List.of(),
        Map.of(),
        Map.of(),
        List.of(task),
        "",
        null,
        List.of(),
        null,
        new ScheduleSpec(cron, zone),
        List.of());
  }
}
