package io.tork.gateway.core;

import io.tork.model.Job;
import io.tork.model.codec.Redaction;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The jobs as the gateway's view holds them, with their listing. Every answer is what the view has
 * now: nothing here waits for Kafka, except {@link #list} (briefly, for this gateway's own
 * submissions). Each job's {@link Redaction} goes with anything shown of it.
 */
public interface JobReads extends ReadModel {
  /** {@code GET /jobs/{id}} shows at most this many task records in {@code execution}... */
  int EXECUTION_RECORDS = 1_000;

  /** ...and stops before they add up to more than this (the rest: {@code /jobs/{id}/tasks}). */
  long EXECUTION_BYTES = 4L << 20;

  /** The job with the first of its task records (see {@link #EXECUTION_RECORDS}). */
  Optional<JobSnapshot> find(String jobId);

  /** The job alone (cheaper than {@link #find} when its records are not shown). */
  Optional<Job> job(String jobId);

  /** The secrets of the job, its task records' included; none for an unknown job. */
  Redaction redaction(String jobId);

  /**
   * A page of the jobs a caller with {@code accessKeys} may see ({@link io.tork.model.Access};
   * null: every job, for an admin), newest first, as {@code q} filters them. Jobs this gateway has
   * just had acknowledged are in it.
   */
  ListPage list(String q, int page, int size, @Nullable Set<String> accessKeys)
      throws InterruptedException;

  /** One page of jobs and how many the query matches in all. */
  record ListPage(List<Job> items, int totalItems) {
    public ListPage {
      items = List.copyOf(items);
    }
  }

  /**
   * Completes when the job reaches a terminal state (COMPLETED, FAILED or CANCELLED), with the job;
   * at once if it already has. Cancel the future to stop waiting.
   */
  CompletableFuture<Job> awaitEnd(String jobId);

  /** Serves a job this gateway has just had acknowledged, until the view reads it back. */
  void submitted(Job job);

  /**
   * Calls {@code follower} with every new state of the job (a {@link Job}) and of its task records
   * (a {@link io.tork.model.Task}); returns what stops following. Followers run on the view's
   * thread: they must not block.
   */
  Runnable followJob(String jobId, Consumer<Object> follower);
}
