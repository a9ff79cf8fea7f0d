package io.tork.gateway.jobs;

import io.tork.gateway.core.JobCommands;
import io.tork.gateway.core.ScheduledJobReads;
import io.tork.gateway.security.Caller;
import io.tork.model.InvalidJobException;
import io.tork.model.JobIds;
import io.tork.model.ScheduleCommand;
import io.tork.model.ScheduledJob;
import io.tork.model.ScheduledJob.ScheduledJobState;
import io.tork.model.codec.ApiJson;
import io.tork.model.codec.Redaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /scheduled-jobs}: create (a job definition with {@code schedule: {cron}}), list, read,
 * pause, resume, delete. Answers in Tork's shapes; definitions are redacted.
 */
final class ScheduledJobHandler {
  private static final Logger log = LoggerFactory.getLogger(ScheduledJobHandler.class);

  private final JobCommands publisher;
  private final ScheduledJobReads views;
  private final Duration catchUpTimeout;
  private final Clock clock;
  private final DocumentParsers parsers;

  ScheduledJobHandler(
      JobCommands publisher,
      ScheduledJobReads views,
      Duration catchUpTimeout,
      Clock clock,
      DocumentParsers parsers) {
    this.publisher = publisher;
    this.views = views;
    this.catchUpTimeout = catchUpTimeout;
    this.clock = clock;
    this.parsers = parsers;
  }

  Mono<ServerResponse> create(ServerRequest request) {
    return Caller.current().flatMap(caller -> create(request, caller));
  }

  private Mono<ServerResponse> create(ServerRequest request, Caller caller) {
    String contentType = request.headers().firstHeader(HttpHeaders.CONTENT_TYPE);
    return request
        .bodyToMono(byte[].class)
        .defaultIfEmpty(new byte[0])
        .flatMap(body -> parsers.scheduled(body, contentType))
        .flatMap(
            spec -> {
              Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
              ScheduledJob created =
                  new ScheduledJob(
                      JobIds.random(), spec, ScheduledJobState.ACTIVE, now, now, caller.name());
              return send(new ScheduleCommand.Create(created.id(), spec, now, caller.name()))
                  .then(
                      Mono.defer(
                          () -> {
                            log.atInfo()
                                .addKeyValue("scheduledJobId", created.id())
                                .addKeyValue("name", spec.name())
                                .addKeyValue("cron", spec.schedule().cron())
                                .log("scheduled job created");
                            return JobHandler.json(
                                HttpStatus.OK,
                                ApiJson.write(
                                    ApiJson.scheduledJob(created, false, now),
                                    Redaction.of(created)));
                          }));
            })
        .onErrorResume(
            InvalidJobException.class,
            e -> JobHandler.error(HttpStatus.BAD_REQUEST, e.getMessage()))
        .onErrorResume(DocumentParsers::isBusy, e -> JobHandler.busy());
  }

  Mono<ServerResponse> list(ServerRequest request) {
    int page;
    int size;
    try {
      page = JobHandler.intParam(request, "page", 1, 1, Integer.MAX_VALUE);
      size =
          JobHandler.intParam(
              request, "size", JobHandler.DEFAULT_PAGE_SIZE, 1, JobHandler.MAX_PAGE_SIZE);
    } catch (IllegalArgumentException e) {
      return JobHandler.error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    return Caller.current()
        .flatMap(
            caller -> ViewReads.whenLoaded(views, catchUpTimeout, () -> page(page, size, caller)));
  }

  private Mono<ServerResponse> page(int page, int size, Caller caller) {
    List<ScheduledJob> all = views.scheduledJobs().stream().filter(caller::maySee).toList();
    List<ScheduledJob> shown = all.stream().skip((long) (page - 1) * size).limit(size).toList();
    Instant now = clock.instant();
    List<Map<String, Object>> items =
        shown.stream().map(s -> ApiJson.scheduledJob(s, false, now)).toList();
    Redaction secrets = Redaction.none();
    for (ScheduledJob s : shown) {
      secrets = secrets.and(Redaction.of(s).values());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("number", page);
    body.put("size", items.size());
    body.put("totalPages", (all.size() + size - 1) / size);
    body.put("totalItems", all.size());
    return JobHandler.json(HttpStatus.OK, ApiJson.write(body, secrets));
  }

  Mono<ServerResponse> get(ServerRequest request) {
    return withScheduled(
        request,
        s ->
            JobHandler.json(
                HttpStatus.OK,
                ApiJson.write(ApiJson.scheduledJob(s, true, clock.instant()), Redaction.of(s))));
  }

  Mono<ServerResponse> pause(ServerRequest request) {
    return withScheduled(
        request,
        s ->
            s.state() != ScheduledJobState.ACTIVE
                ? JobHandler.error(HttpStatus.BAD_REQUEST, "scheduled job is not active")
                : ok(new ScheduleCommand.Pause(s.id(), clock.instant())));
  }

  Mono<ServerResponse> resume(ServerRequest request) {
    return withScheduled(
        request,
        s ->
            s.state() != ScheduledJobState.PAUSED
                ? JobHandler.error(HttpStatus.BAD_REQUEST, "scheduled job is not paused")
                : ok(new ScheduleCommand.Resume(s.id(), clock.instant())));
  }

  Mono<ServerResponse> delete(ServerRequest request) {
    return withScheduled(request, s -> ok(new ScheduleCommand.Delete(s.id(), clock.instant())));
  }

  private Mono<ServerResponse> ok(ScheduleCommand command) {
    return send(command)
        .then(
            Mono.defer(
                () -> JobHandler.json(HttpStatus.OK, ApiJson.write(Map.of("status", "OK")))));
  }

  private Mono<Void> send(ScheduleCommand command) {
    return Mono.fromFuture(() -> publisher.publish(command))
        .onErrorMap(
            e -> !(e instanceof InvalidJobException),
            e -> new IllegalStateException("cannot send the command now: " + e.getMessage(), e));
  }

  /** Found in the view, or once the view has caught up, or 404. */
  private Mono<ServerResponse> withScheduled(
      ServerRequest request, Function<ScheduledJob, Mono<ServerResponse>> then) {
    String id = request.pathVariable("id");
    return Caller.current()
        .flatMap(
            caller ->
                ViewReads.findOrAwait(
                    views,
                    catchUpTimeout,
                    () -> views.scheduledJob(id).filter(caller::maySee),
                    then,
                    "scheduled job not found"));
  }
}
