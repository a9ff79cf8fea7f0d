package io.tork.gateway.kafka;

import io.tork.gateway.kafka.ViewStore.Family;
import io.tork.model.ScheduledJob;
import io.tork.model.codec.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The scheduled jobs ({@code scheduled-job-views}), by id. Family {@code SCHEDULES}. */
final class ScheduleProjection {
  private final ViewStore store;

  ScheduleProjection(ViewStore store) {
    this.store = store;
  }

  static void apply(ViewBatch batch, String id, byte @Nullable [] value) {
    if (value == null) {
      batch.delete(Family.SCHEDULES, ViewCodec.utf8(id));
    } else {
      Json.read(value, ScheduledJob.class); // only readable records are kept
      batch.put(Family.SCHEDULES, ViewCodec.utf8(id), value);
    }
  }

  Optional<ScheduledJob> scheduledJob(String id) {
    byte[] value = store.get(Family.SCHEDULES, ViewCodec.utf8(id));
    return value == null ? Optional.empty() : Optional.of(Json.read(value, ScheduledJob.class));
  }

  /** The scheduled jobs, newest first. */
  List<ScheduledJob> scheduledJobs() {
    List<ScheduledJob> all = new ArrayList<>();
    store
        .entries(Family.SCHEDULES, ViewCodec.EMPTY, false, false)
        .forEachRemaining(e -> all.add(Json.read(e.value(), ScheduledJob.class)));
    all.sort(
        Comparator.comparing(ScheduledJob::createdAt).reversed().thenComparing(ScheduledJob::id));
    return all;
  }
}
