package io.tork.gateway.jobs;

import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where submitted documents are parsed and validated: a bounded pool of its own, never Netty's I/O
 * threads, so that a large or hostile document delays its own answer and nothing else ({@code
 * /health} included). At most {@link #THREADS} documents are parsed at once and {@link
 * #QUEUED_PER_THREAD} wait for each thread; past that a submission is answered 503 at once rather
 * than queued without bound.
 */
public final class DocumentParsers implements AutoCloseable {
  static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
  static final int QUEUED_PER_THREAD = 32;

  private final Scheduler scheduler =
      Schedulers.newBoundedElastic(THREADS, QUEUED_PER_THREAD, "job-documents", 60, true);

  /** {@code parse} on the pool; fails with {@link RejectedExecutionException} when it is full. */
  <T> Mono<T> parse(Callable<T> parse) {
    return Mono.fromCallable(parse).subscribeOn(scheduler);
  }

  static boolean isBusy(Throwable error) {
    return error instanceof RejectedExecutionException;
  }

  @Override
  public void close() {
    scheduler.dispose();
  }
}
