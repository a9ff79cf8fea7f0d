package io.tork.gateway.jobs;

import io.tork.gateway.core.JobReads;
import io.tork.gateway.core.JobSnapshot;
import io.tork.gateway.security.Caller;
import io.tork.model.CancelJob;
import io.tork.model.CommandRules;
import io.tork.model.DeleteJob;
import io.tork.model.Durations;
import io.tork.model.InvalidJobException;
import io.tork.model.Job;
import io.tork.model.JobCommand;
import io.tork.model.JobIds;
import io.tork.model.JobSpec;
import io.tork.model.RestartJob;
import io.tork.model.WaitSpec;
import io.tork.model.codec.ApiJson;
import io.tork.model.codec.JobDocuments;
import io.tork.model.codec.Redaction;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Submit and read jobs. Errors answer Tork's shape: {@code {"message": "..."}}.
 *
 * @param intake where submissions come in and commands go
 * @param views the jobs this gateway has seen
 * @param reads how a read waits for the view
 */
record JobHandler(Intake intake, JobReads views, ViewReads reads) {
  private static final Logger log = LoggerFactory.getLogger(JobHandler.class);

  /**
   * Validates (off the event loop), produces the job to {@code jobs} in the engine's own form, so
   * that it is validated here only (ADR 57; its secrets sealed: ADR 46), answers the PENDING job.
   */
  Mono<ServerResponse> submit(ServerRequest request) {
    return intake.document(
        request, intake.parsers()::job, (spec, body, type, caller) -> submit(spec, caller));
  }

  private Mono<ServerResponse> submit(JobSpec spec, Caller caller) {
    Instant createdAt = intake.received();
    Job job = Job.pending(JobIds.random(), spec, createdAt, caller.name());
    return intake.parsers().forTopic(job).flatMap(value -> publish(job, value, spec));
  }

  private Mono<ServerResponse> publish(Job job, byte[] value, JobSpec spec) {
    // Registered before the job exists, so that even a job that ends at once is seen to end.
    CompletableFuture<Job> ended = spec.waitFor() == null ? null : views.awaitEnd(job.id());
    return Mono.fromFuture(
            () ->
                intake
                    .commands()
                    .publish(
                        job.id(), value, JobDocuments.ENGINE_JOB, job.createdAt(), job.createdBy()))
        .then(
            Mono.defer(
                () -> {
                  views.submitted(job);
                  log.atInfo()
                      .addKeyValue("jobId", job.id())
                      .addKeyValue("name", job.name())
                      .addKeyValue("tasks", job.taskCount())
                      .log("job submitted");
                  if (ended != null) {
                    return awaitEnd(job.id(), ended, spec.waitFor());
                  }
                  return json(HttpStatus.OK, ApiJson.job(job, List.of()));
                }))
        .doFinally(
            signal -> {
              if (ended != null) {
                ended.cancel(false);
              }
            })
        .onErrorResume(
            e -> !(e instanceof InvalidJobException) && !DocumentParsers.isBusy(e),
            e -> {
              log.atError().setCause(e).addKeyValue("jobId", job.id()).log("cannot publish job");
              return error(
                  HttpStatus.SERVICE_UNAVAILABLE, "cannot accept the job now: " + e.getMessage());
            });
  }

  /**
   * {@code wait: {timeout}}: answers the whole job once it has ended (cancelled included), or 408
   * when the timeout passes first.
   */
  private Mono<ServerResponse> awaitEnd(String jobId, CompletableFuture<Job> ended, WaitSpec wait) {
    Duration timeout = Durations.parse(wait.timeout()).orElseThrow();
    return Mono.fromFuture(ended, true)
        .timeout(timeout)
        // The job's last task records travel beside its view: read on once they are in too.
        .flatMap(job -> reads.caughtUp())
        .flatMap(caughtUp -> views.find(jobId).map(this::render).orElseThrow())
        .onErrorResume(
            java.util.concurrent.TimeoutException.class,
            e ->
                // The job goes on: the answer names it, so the client can follow what it started.
                ServerResponse.status(HttpStatus.REQUEST_TIMEOUT)
                    .location(URI.create("/jobs/" + jobId))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(
                        ApiJson.write(
                            Map.of(
                                "message", "timeout waiting for job to complete", "id", jobId))));
  }

  static final int DEFAULT_PAGE_SIZE = 10;
  static final int MAX_PAGE_SIZE = 20;

  /**
   * {@code GET /jobs?page=1&size=10&q=...}: summaries newest first, secrets redacted. {@code page}
   * from 1, {@code size} 1..20 (Tork's cap); anything else is a 400.
   */
  Mono<ServerResponse> list(ServerRequest request) {
    String q = request.queryParam("q").orElse("");
    return Paging.of(
        request,
        DEFAULT_PAGE_SIZE,
        MAX_PAGE_SIZE,
        paging -> reads.whenLoaded(caller -> page(q, paging, caller)));
  }

  /** The caller's jobs only: a user's list walks the jobs they may see, not every job. */
  private Mono<ServerResponse> page(String q, Paging paging, Caller caller) {
    JobReads.ListPage found;
    try {
      found = views.list(q, paging.page(), paging.size(), caller.accessKeys());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Mono.error(e);
    }
    return json(
        HttpStatus.OK,
        ApiJson.jobPage(
            found.items(),
            JobHandler::redaction,
            paging.page(),
            paging.totalPages(found.totalItems()),
            found.totalItems()));
  }

  /** The job from this gateway's view; on a miss, waits for the view to catch up first. */
  Mono<ServerResponse> get(ServerRequest request) {
    return reads.findVisible(
        request,
        (id, caller) -> views.find(id).filter(s -> caller.maySee(s.job())),
        this::render,
        "job not found");
  }

  /** Tork's rule ({@link CommandRules}): only a job that has not ended can be cancelled. */
  Mono<ServerResponse> cancel(ServerRequest request) {
    return withJob(request, job -> ruled(job, new CancelJob(job.id(), intake.clock().instant())));
  }

  /** Tork's rule ({@link CommandRules}): only a FAILED or CANCELLED job with a task left. */
  Mono<ServerResponse> restart(ServerRequest request) {
    return withJob(request, job -> ruled(job, new RestartJob(job.id(), intake.clock().instant())));
  }

  /** Tork's rule ({@link CommandRules}): only a job that has ended; it goes with its records. */
  Mono<ServerResponse> delete(ServerRequest request) {
    return withJob(request, job -> ruled(job, new DeleteJob(job.id(), intake.clock().instant())));
  }

  /** Sends {@code command}, or answers 400 with why it does not apply to {@code job}. */
  private Mono<ServerResponse> ruled(Job job, JobCommand command) {
    String refusal = CommandRules.refusal(job, command);
    return refusal.isEmpty() ? command(command) : error(HttpStatus.BAD_REQUEST, refusal);
  }

  private Mono<ServerResponse> command(JobCommand command) {
    return Mono.fromFuture(() -> intake.commands().publish(command))
        .then(Mono.defer(() -> json(HttpStatus.OK, ApiJson.write(Map.of("status", "OK")))))
        .onErrorResume(
            e ->
                error(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "cannot send the command now: " + e.getMessage()));
  }

  /** A job the caller may see; for anyone else it does not exist (404). */
  private Mono<ServerResponse> withJob(
      ServerRequest request, Function<Job, Mono<ServerResponse>> then) {
    return reads.findVisible(
        request, (id, caller) -> views.job(id).filter(caller::maySee), then, "job not found");
  }

  /**
   * Every answer that shows a job goes through here: secrets never leave the engine. The job's
   * {@code execution} holds its first records; {@code executionCount} says how many it has, and
   * {@code GET /jobs/{id}/tasks} pages through them all.
   */
  private Mono<ServerResponse> render(JobSnapshot snapshot) {
    return json(
        HttpStatus.OK,
        ApiJson.job(
            snapshot.job(),
            snapshot.execution(),
            snapshot.executionCount(),
            snapshot.outputs(),
            snapshot.redaction()));
  }

  /** A job shown without its records (a list, a PENDING answer): its own secrets. */
  private static Redaction redaction(Job job) {
    return Redaction.of(job, List.of());
  }

  static Mono<ServerResponse> error(HttpStatus status, String message) {
    return json(status, ApiJson.write(Map.of("message", message)));
  }

  static Mono<ServerResponse> json(HttpStatus status, byte[] body) {
    return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }
}
