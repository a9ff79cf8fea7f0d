package io.tork.gateway.jobs;

import io.tork.kafka.Submissions;
import io.tork.model.InvalidJobException;
import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.Limits;
import io.tork.model.ScheduledJobSpec;
import io.tork.model.TaskPolicy;
import io.tork.model.codec.JobDocuments;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where submitted documents are parsed and validated: a bounded pool of its own, never Netty's I/O
 * threads, so that a large or hostile document delays its own answer and nothing else ({@code
 * /health} included). At most {@link #THREADS} documents are parsed at once and {@link
 * #QUEUED_PER_THREAD} wait for each thread; past that a submission is answered 503 at once rather
 * than queued without bound. Documents are validated within the process's {@link Limits}, and
 * against the {@link TaskPolicy} the workers enforce (a job naming what they refuse is a 400).
 */
public final class DocumentParsers implements AutoCloseable {
  static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
  static final int QUEUED_PER_THREAD = 32;

  // Admission is counted here, not left to the pool's queues: the pool's pick of a thread is racy,
  // and a bound that holds only sometimes is no bound.
  private final Semaphore admitted = new Semaphore(THREADS * (QUEUED_PER_THREAD + 1));
  private final Scheduler scheduler =
      Schedulers.newBoundedElastic(
          THREADS, THREADS * (QUEUED_PER_THREAD + 1), "job-documents", 60, true);
  private final TaskPolicy policy;
  private final Limits limits;

  public DocumentParsers(TaskPolicy policy, Limits limits) {
    this.policy = policy;
    this.limits = limits;
  }

  /** The default policy and limits. */
  public DocumentParsers() {
    this(TaskPolicy.DEFAULT, Limits.DEFAULTS);
  }

  /** A job document, parsed and validated on the pool. */
  Mono<JobSpec> job(byte[] body, String contentType) {
    return parse(
        () -> {
          JobDocuments.requireNoSealedValues(body, contentType);
          return policy.requireAllowed(JobDocuments.parse(body, contentType, limits));
        });
  }

  /**
   * What goes to the {@code jobs} topic for a validated job, on the pool: the job in the engine's
   * own form ({@link JobDocuments#ENGINE_JOB}), which the scheduler and the views read without
   * parsing or validating it again (ADR 57), its secrets sealed (ADR 46); within the record limit.
   */
  Mono<byte[]> forTopic(Job job) {
    return parse(
        () -> {
          byte[] value = Submissions.engineJob(job);
          if (value.length > limits.maxRecordBytes()) {
            throw new InvalidJobException(
                Limits.exceeded(
                    "body: the document, its secrets sealed,",
                    value.length,
                    limits.maxRecordBytes(),
                    "maxRecordBytes"));
          }
          return value;
        });
  }

  /** A scheduled job's document, parsed and validated on the pool. */
  Mono<ScheduledJobSpec> scheduled(byte[] body, String contentType) {
    return parse(
        () -> {
          JobDocuments.requireNoSealedValues(body, contentType);
          ScheduledJobSpec spec = JobDocuments.parseScheduled(body, contentType, limits);
          policy.requireAllowed(spec.job());
          return spec;
        });
  }

  /** {@code parse} on the pool; fails with {@link RejectedExecutionException} when it is full. */
  <T> Mono<T> parse(Callable<T> parse) {
    return Mono.defer(
        () -> {
          if (!admitted.tryAcquire()) {
            return Mono.error(
                new RejectedExecutionException("too many documents are being parsed at once"));
          }
          return Mono.fromCallable(parse)
              .subscribeOn(scheduler)
              .doFinally(signal -> admitted.release());
        });
  }

  static boolean isBusy(Throwable error) {
    return error instanceof RejectedExecutionException;
  }

  @Override
  public void close() {
    scheduler.dispose();
  }
}
