package io.tork.gateway.jobs;

import io.tork.gateway.core.JobCommands;
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
import io.tork.model.codec.Redaction;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Submit and read jobs. Errors answer Tork's shape: {@code {"message": "..."}}. */
final class JobHandler {
  private static final Logger log = LoggerFactory.getLogger(JobHandler.class);

  private final JobCommands publisher;
  private final JobReads views;
  private final Duration catchUpTimeout;
  private final Clock clock;
  private final DocumentParsers parsers;

  JobHandler(
      JobCommands publisher,
      JobReads views,
      Duration catchUpTimeout,
      Clock clock,
      DocumentParsers parsers) {
    this.publisher = publisher;
    this.views = views;
    this.catchUpTimeout = catchUpTimeout;
    this.clock = clock;
    this.parsers = parsers;
  }

  /**
   * Validates (off the event loop), produces the document to {@code jobs} (as received, or as JSON
   * with its secrets sealed: ADR 46), answers the PENDING job.
   */
  Mono<ServerResponse> submit(ServerRequest request) {
    String contentType = request.headers().firstHeader(HttpHeaders.CONTENT_TYPE);
    return Caller.current()
        .flatMap(
            caller ->
                request
                    .bodyToMono(byte[].class)
                    .defaultIfEmpty(new byte[0])
                    .flatMap(
                        body ->
                            parsers
                                .job(body, contentType)
                                .flatMap(
                                    spec ->
                                        parsers
                                            .forTopic(body, contentType, spec)
                                            .flatMap(
                                                doc ->
                                                    submit(
                                                        doc.body(),
                                                        doc.contentType(),
                                                        spec,
                                                        caller)))))
        .onErrorResume(
            InvalidJobException.class, e -> error(HttpStatus.BAD_REQUEST, e.getMessage()))
        .onErrorResume(DocumentParsers::isBusy, e -> busy());
  }

  static Mono<ServerResponse> busy() {
    return error(
        HttpStatus.SERVICE_UNAVAILABLE,
        "too many documents are being parsed at once; try again shortly");
  }

  private Mono<ServerResponse> submit(
      byte[] body, String contentType, JobSpec spec, Caller caller) {
    Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Job job = Job.pending(JobIds.random(), spec, createdAt, caller.name());
    // Registered before the job exists, so that even a job that ends at once is seen to end.
    CompletableFuture<Job> ended = spec.waitFor() == null ? null : views.awaitEnd(job.id());
    return Mono.fromFuture(
            () -> publisher.publish(job.id(), body, contentType, createdAt, caller.name()))
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
        .flatMap(
            job ->
                Mono.fromCallable(() -> views.awaitCaughtUp(catchUpTimeout))
                    .subscribeOn(Schedulers.boundedElastic()))
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
    int page;
    int size;
    try {
      page = intParam(request, "page", 1, 1, Integer.MAX_VALUE);
      size = intParam(request, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    } catch (IllegalArgumentException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    String q = request.queryParam("q").orElse("");
    return Caller.current()
        .flatMap(
            caller ->
                ViewReads.whenLoaded(views, catchUpTimeout, () -> page(q, page, size, caller)));
  }

  /** The caller's jobs only: a user's list walks the jobs they may see, not every job. */
  private Mono<ServerResponse> page(String q, int page, int size, Caller caller) {
    JobReads.ListPage found;
    try {
      found = views.list(q, page, size, caller.accessKeys());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Mono.error(e);
    }
    int totalPages = (found.totalItems() + size - 1) / size;
    return json(
        HttpStatus.OK,
        ApiJson.jobPage(
            found.items(), JobHandler::redaction, page, totalPages, found.totalItems()));
  }

  /** A whole-number query parameter within bounds; absent is {@code fallback}. */
  static int intParam(ServerRequest request, String name, int fallback, int min, int max) {
    Optional<String> raw = request.queryParam(name);
    if (raw.isEmpty() || raw.get().isBlank()) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(raw.get().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + raw.get() + "' is not a whole number");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name
              + (max == Integer.MAX_VALUE
                  ? ": must be at least " + min
                  : ": must be between " + min + " and " + max));
    }
    return value;
  }

  /** The job from this gateway's view; on a miss, waits for the view to catch up first. */
  Mono<ServerResponse> get(ServerRequest request) {
    return withJob(request, this::render);
  }

  /** Tork's rule ({@link CommandRules}): only a job that has not ended can be cancelled. */
  Mono<ServerResponse> cancel(ServerRequest request) {
    return withJobOnly(request, job -> ruled(job, new CancelJob(job.id(), clock.instant())));
  }

  /** Tork's rule ({@link CommandRules}): only a FAILED or CANCELLED job with a task left. */
  Mono<ServerResponse> restart(ServerRequest request) {
    return withJobOnly(request, job -> ruled(job, new RestartJob(job.id(), clock.instant())));
  }

  /** Tork's rule ({@link CommandRules}): only a job that has ended; it goes with its records. */
  Mono<ServerResponse> delete(ServerRequest request) {
    return withJobOnly(request, job -> ruled(job, new DeleteJob(job.id(), clock.instant())));
  }

  /** Sends {@code command}, or answers 400 with why it does not apply to {@code job}. */
  private Mono<ServerResponse> ruled(Job job, JobCommand command) {
    String refusal = CommandRules.refusal(job, command);
    return refusal.isEmpty() ? command(command) : error(HttpStatus.BAD_REQUEST, refusal);
  }

  private Mono<ServerResponse> command(JobCommand command) {
    return Mono.fromFuture(() -> publisher.publish(command))
        .then(Mono.defer(() -> json(HttpStatus.OK, ApiJson.write(Map.of("status", "OK")))))
        .onErrorResume(
            e ->
                error(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "cannot send the command now: " + e.getMessage()));
  }

  /** A job the caller may see; for anyone else it does not exist (404). */
  private Mono<ServerResponse> withJob(
      ServerRequest request, Function<JobSnapshot, Mono<ServerResponse>> then) {
    String id = request.pathVariable("id");
    return Caller.current()
        .flatMap(
            caller ->
                ViewReads.findOrAwait(
                    views,
                    catchUpTimeout,
                    () -> views.find(id).filter(s -> caller.maySee(s.job())),
                    then,
                    "job not found"));
  }

  private Mono<ServerResponse> withJobOnly(
      ServerRequest request, Function<Job, Mono<ServerResponse>> then) {
    String id = request.pathVariable("id");
    return Caller.current()
        .flatMap(
            caller ->
                ViewReads.findOrAwait(
                    views,
                    catchUpTimeout,
                    () -> views.job(id).filter(caller::maySee),
                    then,
                    "job not found"));
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
