package io.tork.scheduler.kafka;

import io.tork.model.Job;
import io.tork.model.JobIds;
import io.tork.model.Limits;
import io.tork.scheduler.core.IdSource;
import io.tork.scheduler.core.JobInput;
import io.tork.scheduler.core.JobMachine;
import java.time.Clock;
import org.apache.kafka.streams.errors.StreamsException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the job processor does when deciding or writing fails: an error before anything was written
 * fails the record's job with the reason (and abandons it if even that fails); one while writing
 * goes up, so that exactly-once undoes the half-written transaction, the record remembered ({@link
 * Incidents}); when it comes again its job is failed without deciding anything else, or the record
 * is skipped: it is never tried a third time.
 */
final class IncidentGuard {
  private static final Logger log = LoggerFactory.getLogger(IncidentGuard.class);

  private final Incidents incidents;
  private final StreamsJobStore stores;
  private final DecisionWriter writer;
  private final Clock clock;
  private final IdSource ids;
  private final Limits limits;

  IncidentGuard(
      Incidents incidents,
      StreamsJobStore stores,
      DecisionWriter writer,
      Clock clock,
      IdSource ids,
      Limits limits) {
    this.incidents = incidents;
    this.stores = stores;
    this.writer = writer;
    this.clock = clock;
    this.ids = ids;
    this.limits = limits;
  }

  /**
   * Runs {@code action} for job {@code jobId}: an error before anything was written fails the job;
   * one while writing goes up, the record {@code source} remembered.
   */
  void guarded(String jobId, String what, String source, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
      String reason = "the scheduler could not process " + what + ": " + describe(e);
      if (writer.isWriting()) {
        incidents.poison(source, reason);
        log.atError()
            .setCause(e)
            .addKeyValue("jobId", jobId)
            .addKeyValue("record", source)
            .log("incident: writing failed; the transaction is undone and the job will fail");
        throw e instanceof RuntimeException r ? r : new StreamsException(reason, e);
      }
      log.atError()
          .setCause(e)
          .addKeyValue("jobId", jobId)
          .addKeyValue("record", source)
          .log("incident: the job fails with the reason");
      failJob(jobId, reason, source);
    }
  }

  /** Fails the job after an error deciding for it (abandons it if even that fails). */
  private void failJob(String jobId, String reason, String source) {
    if (jobId == null || !JobIds.isValid(jobId)) {
      return; // not a job's record: nothing to fail
    }
    Job job = null;
    try {
      job = stores.job(jobId);
      if (job != null) {
        long seed = JobInput.seedOf("incident/" + source);
        JobInput incident = new JobInput.Incident(job, reason, clock.instant(), seed);
        writer.apply(JobMachine.decide(incident, ids, stores, limits), job, job);
        return;
      }
    } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError again) {
      if (writer.isWriting()) {
        incidents.poison(source, reason);
        throw again instanceof RuntimeException r ? r : new StreamsException(reason, again);
      }
      log.atError()
          .setCause(again)
          .addKeyValue("jobId", jobId)
          .log("cannot fail the job; abandoning it");
    }
    abandon(jobId, job, reason, source);
  }

  private void abandon(String jobId, @Nullable Job job, String reason, String source) {
    try {
      writer.applyAbandoned(JobMachine.abandoned(jobId, job, reason, clock.instant(), limits), job);
    } catch (RuntimeException e) {
      incidents.poison(source, reason);
      throw e;
    }
  }

  /** A record that failed while it was written comes again: its job fails, or it is skipped. */
  void afterIncident(String jobId, String source, Incidents.Poisoned poisoned) {
    if (poisoned.attempts() > 1 || jobId == null || !JobIds.isValid(jobId)) {
      log.atError()
          .addKeyValue("jobId", jobId)
          .addKeyValue("record", source)
          .addKeyValue("reason", poisoned.reason())
          .log("incident: skipping a record that failed twice");
      incidents.forget(source);
      return;
    }
    log.atWarn()
        .addKeyValue("jobId", jobId)
        .addKeyValue("record", source)
        .log("incident: failing the job of a record that could not be written");
    Job job = null;
    try {
      job = stores.job(jobId);
    } catch (RuntimeException e) {
      // unreadable: abandoned below all the same
    }
    abandon(jobId, job, poisoned.reason(), source);
    incidents.forget(source);
  }

  private static String describe(Throwable e) {
    String message = String.valueOf(e.getMessage());
    return e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + abbreviate(message));
  }

  private static String abbreviate(String text) {
    return text.length() > 500 ? text.substring(0, 497) + "..." : text;
  }
}
