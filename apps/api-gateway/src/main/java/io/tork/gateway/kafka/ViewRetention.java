package io.tork.gateway.kafka;

import io.tork.gateway.kafka.ViewCodec.JobMeta;
import io.tork.gateway.kafka.ViewCodec.Source;
import io.tork.gateway.kafka.ViewStore.Entry;
import io.tork.gateway.kafka.ViewStore.Family;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How long the view keeps what it holds (Tork's defaults: logs 7 days, ended jobs a year), and the
 * sweep that removes the rest. Expiring entries are indexed by time, so a sweep reads only what is
 * due; it runs in the writer's loop, a bounded amount per batch, so that removing much never stalls
 * the view.
 *
 * @param jobs how long a job is kept after it ended (COMPLETED, FAILED or CANCELLED)
 * @param logs how long a log part is kept after it was written
 */
record ViewRetention(Duration jobs, Duration logs, Clock clock) {
  static final Duration DEFAULT_JOBS = Duration.ofDays(365);
  static final Duration DEFAULT_LOGS = Duration.ofDays(7);

  /** A deleted job's marker outlives the submission records of the jobs topic (7 days). */
  static final Duration GONE_KEPT = Duration.ofDays(8);

  private static final int PER_SWEEP = 1_000;

  ViewRetention {
    if (jobs.isNegative() || jobs.isZero() || logs.isNegative() || logs.isZero()) {
      throw new IllegalArgumentException(
          "retention must be positive: jobs " + jobs + ", logs " + logs);
    }
  }

  boolean jobExpired(long endedAtMillis) {
    return endedAtMillis < cutoff(jobs);
  }

  boolean logExpired(long atMillis) {
    return atMillis < cutoff(logs);
  }

  private long cutoff(Duration kept) {
    long now = clock.millis();
    return kept.toMillis() >= now ? Long.MIN_VALUE : now - kept.toMillis();
  }

  /** Where each sweep resumes: everything before it is gone (skips deleted keys' tombstones). */
  static final class Cursors {
    private final Map<Family, byte[]> from = new EnumMap<>(Family.class);
  }

  /**
   * Removes up to a bounded number of expired entries into {@code batch}.
   *
   * @return whether more are due (sweep again soon)
   */
  boolean sweep(ViewBatch batch, ViewWriter writer, Cursors cursors) {
    int budget = PER_SWEEP;
    budget -=
        sweep(
            batch, Family.ENDED, cutoff(jobs), budget, cursors, key -> endJob(batch, writer, key));
    budget -=
        sweep(
            batch,
            Family.LOG_TIMES,
            cutoff(logs),
            budget,
            cursors,
            key -> batch.delete(Family.LOGS, ViewCodec.afterTime(key)));
    budget -=
        sweep(
            batch, Family.GONE, cutoff(GONE_KEPT), budget, cursors, key -> dropMarker(batch, key));
    return budget <= 0;
  }

  private static void endJob(ViewBatch batch, ViewWriter writer, byte[] endedKey) {
    String id = ViewCodec.string(ViewCodec.afterTime(endedKey));
    JobMeta meta = JobMeta.decode(batch.get(Family.JOB_META, ViewCodec.utf8(id)));
    if (meta != null
        && meta.source() != Source.GONE
        && meta.endedAt() == ViewCodec.timeOf(endedKey)) {
      writer.removeJob(batch, id, meta);
    }
  }

  private static void dropMarker(ViewBatch batch, byte[] goneKey) {
    byte[] id = ViewCodec.afterTime(goneKey);
    JobMeta meta = JobMeta.decode(batch.get(Family.JOB_META, id));
    if (meta != null && meta.source() == Source.GONE) {
      batch.delete(Family.JOB_META, id);
    }
  }

  private static int sweep(
      ViewBatch batch,
      Family family,
      long cutoff,
      int budget,
      Cursors cursors,
      java.util.function.Consumer<byte[]> expire) {
    if (budget <= 0) {
      return 0;
    }
    byte @Nullable [] from = cursors.from.get(family);
    List<Entry> due = batch.scan(family, ViewCodec.EMPTY, from, budget);
    int done = 0;
    for (Entry entry : due) {
      if (ViewCodec.timeOf(entry.key()) >= cutoff) {
        break;
      }
      expire.accept(entry.key());
      batch.delete(family, entry.key());
      cursors.from.put(family, entry.key());
      done++;
    }
    return done;
  }
}
