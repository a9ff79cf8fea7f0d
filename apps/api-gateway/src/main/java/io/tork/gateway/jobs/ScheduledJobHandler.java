package io.tork.gateway.jobs;

import io.tork.gateway.core.ScheduledJobReads;
import io.tork.gateway.security.Caller;
import io.tork.model.InvalidJobException;
import io.tork.model.JobIds;
import io.tork.model.ScheduleCommand;
import io.tork.model.ScheduledJob;
import io.tork.model.ScheduledJob.ScheduledJobState;
import io.tork.model.ScheduledJobSpec;
import io.tork.model.codec.ApiJson;
import io.tork.model.codec.Redaction;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /scheduled-jobs}: create (a job definition with {@code schedule: {cron}}), list, read,
 * pause, resume, delete. Answers in Tork's shapes; definitions are redacted.
 *
 * @param intake where definitions come in and commands go
 * @param views the scheduled jobs this gateway has seen
 * @param reads how a read waits for the view
 */
record ScheduledJobHandler(Intake intake, ScheduledJobReads views, ViewReads reads) {
  private static final Logger log = LoggerFactory.getLogger(ScheduledJobHandler.class);

  Mono<ServerResponse> create(ServerRequest request) {
    return intake.document(
        request,
        intake.parsers()::scheduled,
        (spec, body, contentType, caller) -> create(spec, caller));
  }

  private Mono<ServerResponse> create(ScheduledJobSpec spec, Caller caller) {
    Instant now = intake.received();
    ScheduledJob created =
        new ScheduledJob(JobIds.random(), spec, ScheduledJobState.ACTIVE, now, now, caller.name());
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
                          ApiJson.scheduledJob(created, false, now), Redaction.of(created)));
                }));
  }

  Mono<ServerResponse> list(ServerRequest request) {
    return Paging.of(
        request,
        JobHandler.DEFAULT_PAGE_SIZE,
        JobHandler.MAX_PAGE_SIZE,
        paging -> reads.whenLoaded(caller -> page(paging, caller)));
  }

  private Mono<ServerResponse> page(Paging paging, Caller caller) {
    List<ScheduledJob> all = views.scheduledJobs().stream().filter(caller::maySee).toList();
    List<ScheduledJob> shown =
        all.stream().skip((long) (paging.page() - 1) * paging.size()).limit(paging.size()).toList();
    Instant now = intake.received();
    List<Map<String, Object>> items =
        shown.stream().map(s -> ApiJson.scheduledJob(s, false, now)).toList();
    Redaction secrets = Redaction.none();
    for (ScheduledJob s : shown) {
      secrets = secrets.and(Redaction.of(s).values());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("number", paging.page());
    body.put("size", items.size());
    body.put("totalPages", paging.totalPages(all.size()));
    body.put("totalItems", all.size());
    return JobHandler.json(HttpStatus.OK, ApiJson.write(body, secrets));
  }

  Mono<ServerResponse> get(ServerRequest request) {
    return withScheduled(
        request,
        s ->
            JobHandler.json(
                HttpStatus.OK,
                ApiJson.write(
                    ApiJson.scheduledJob(s, true, intake.clock().instant()), Redaction.of(s))));
  }

  Mono<ServerResponse> pause(ServerRequest request) {
    return whenIn(
        request,
        ScheduledJobState.ACTIVE,
        "scheduled job is not active",
        s -> new ScheduleCommand.Pause(s.id(), intake.clock().instant()));
  }

  Mono<ServerResponse> resume(ServerRequest request) {
    return whenIn(
        request,
        ScheduledJobState.PAUSED,
        "scheduled job is not paused",
        s -> new ScheduleCommand.Resume(s.id(), intake.clock().instant()));
  }

  /** Sends the command made for the scheduled job when it is in {@code state}, else a 400. */
  private Mono<ServerResponse> whenIn(
      ServerRequest request,
      ScheduledJobState state,
      String refusal,
      Function<ScheduledJob, ScheduleCommand> command) {
    return withScheduled(
        request,
        s ->
            s.state() != state
                ? JobHandler.error(HttpStatus.BAD_REQUEST, refusal)
                : ok(command.apply(s)));
  }

  Mono<ServerResponse> delete(ServerRequest request) {
    return withScheduled(
        request, s -> ok(new ScheduleCommand.Delete(s.id(), intake.clock().instant())));
  }

  private Mono<ServerResponse> ok(ScheduleCommand command) {
    return send(command)
        .then(
            Mono.defer(
                () -> JobHandler.json(HttpStatus.OK, ApiJson.write(Map.of("status", "OK")))));
  }

  private Mono<Void> send(ScheduleCommand command) {
    return Mono.fromFuture(() -> intake.commands().publish(command))
        .onErrorMap(
            e -> !(e instanceof InvalidJobException),
            e -> new IllegalStateException("cannot send the command now: " + e.getMessage(), e));
  }

  /** Found in the view, or once the view has caught up, or 404. */
  private Mono<ServerResponse> withScheduled(
      ServerRequest request, Function<ScheduledJob, Mono<ServerResponse>> then) {
    return reads.findVisible(
        request,
        (id, caller) -> views.scheduledJob(id).filter(caller::maySee),
        then,
        "scheduled job not found");
  }
}
