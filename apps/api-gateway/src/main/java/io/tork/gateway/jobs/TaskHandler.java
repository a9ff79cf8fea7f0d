package io.tork.gateway.jobs;

import io.tork.gateway.kafka.JobSnapshot;
import io.tork.gateway.kafka.JobViews;
import io.tork.model.Job;
import io.tork.model.Redaction;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.codec.ApiJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Task records, logs, and the live streams: {@code GET /tasks/{id}}, {@code GET /tasks/{id}/log}
 * (with {@code follow=true}: Server-Sent Events), {@code GET /jobs/{id}/log}, {@code GET
 * /jobs/{id}/events}. Every answer is redacted with its job's secrets.
 */
final class TaskHandler {
  static final int DEFAULT_LOG_PAGE_SIZE = 25;
  static final int MAX_LOG_PAGE_SIZE = 100;

  private final JobViews views;
  private final Duration catchUpTimeout;

  TaskHandler(JobViews views, Duration catchUpTimeout) {
    this.views = views;
    this.catchUpTimeout = catchUpTimeout;
  }

  Mono<ServerResponse> get(ServerRequest request) {
    return withTask(
        request,
        task -> JobHandler.json(HttpStatus.OK, ApiJson.task(redaction(task.jobId()).task(task))));
  }

  Mono<ServerResponse> taskLog(ServerRequest request) {
    if (request.queryParam("follow").map(Boolean::parseBoolean).orElse(false)) {
      return withTask(request, this::followLog);
    }
    return withTask(
        request, task -> page(request, task.jobId(), () -> views.taskLog(task.id(), q(request))));
  }

  Mono<ServerResponse> jobLog(ServerRequest request) {
    return withJob(
        request,
        snapshot -> {
          String jobId = snapshot.job().id();
          return page(request, jobId, () -> views.jobLog(jobId, q(request)));
        });
  }

  /** State changes of the job and of its tasks, live, until the job ends. */
  Mono<ServerResponse> jobEvents(ServerRequest request) {
    return withJob(
        request,
        snapshot -> {
          String jobId = snapshot.job().id();
          Flux<ServerSentEvent<String>> events =
              Flux.create(
                  sink -> {
                    Runnable stop = views.followJob(jobId, update -> emit(sink, jobId, update));
                    sink.onDispose(stop::run);
                    // The state when the stream opens, then every change after it.
                    views.find(jobId).ifPresent(now -> emit(sink, jobId, now.job()));
                  });
          return ServerResponse.ok()
              .contentType(MediaType.TEXT_EVENT_STREAM)
              .body(events, ServerSentEvent.class);
        });
  }

  private void emit(FluxSink<ServerSentEvent<String>> sink, String jobId, Object update) {
    Redaction redaction = redaction(jobId);
    switch (update) {
      case Job job -> {
        sink.next(event("job", ApiJson.jobSummary(redaction.job(job))));
        if (job.state().isTerminal()) {
          sink.complete();
        }
      }
      case Task task -> sink.next(event("task", ApiJson.task(redaction.task(task))));
      default -> {}
    }
  }

  /** The task's log so far, then live, until the task ends and its last lines are in. */
  private Mono<ServerResponse> followLog(Task initial) {
    String taskId = initial.id();
    Redaction redaction = redaction(initial.jobId());
    Flux<ServerSentEvent<String>> parts =
        Flux.create(
            sink -> {
              Runnable stopLog =
                  views.followTaskLog(
                      taskId, part -> sink.next(event("log", logPart(redaction, part))));
              Runnable stopTask =
                  views.followJob(
                      initial.jobId(),
                      update -> {
                        if (update instanceof Task t
                            && t.id().equals(taskId)
                            && t.state().isTerminal()) {
                          completeWhenCaughtUp(sink);
                        }
                      });
              sink.onDispose(
                  () -> {
                    stopLog.run();
                    stopTask.run();
                  });
              if (views.task(taskId).map(t -> t.state().isTerminal()).orElse(false)) {
                completeWhenCaughtUp(sink);
              }
            });
    return ServerResponse.ok()
        .contentType(MediaType.TEXT_EVENT_STREAM)
        .body(parts, ServerSentEvent.class);
  }

  /** The task's last parts were shipped before its end: once the view has them, the log ends. */
  private void completeWhenCaughtUp(FluxSink<ServerSentEvent<String>> sink) {
    Mono.fromCallable(() -> views.awaitCaughtUp(catchUpTimeout))
        .subscribeOn(Schedulers.boundedElastic())
        .subscribe(caughtUp -> sink.complete(), sink::error);
  }

  private static ServerSentEvent<String> event(String name, byte[] json) {
    return ServerSentEvent.builder(new String(json, StandardCharsets.UTF_8)).event(name).build();
  }

  private static byte[] logPart(Redaction redaction, TaskLogPart part) {
    return ApiJson.write(ApiJson.logPart(redacted(redaction, part)));
  }

  private static TaskLogPart redacted(Redaction redaction, TaskLogPart part) {
    return new TaskLogPart(
        part.jobId(), part.taskId(), part.number(), redaction.text(part.contents()), part.at());
  }

  private Mono<ServerResponse> page(
      ServerRequest request, String jobId, Supplier<List<TaskLogPart>> parts) {
    int page;
    int size;
    try {
      page = JobHandler.intParam(request, "page", 1, 1, Integer.MAX_VALUE);
      size = JobHandler.intParam(request, "size", DEFAULT_LOG_PAGE_SIZE, 1, MAX_LOG_PAGE_SIZE);
    } catch (IllegalArgumentException e) {
      return JobHandler.error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    List<TaskLogPart> all = parts.get();
    Redaction redaction = redaction(jobId);
    List<TaskLogPart> items =
        all.stream()
            .skip((long) (page - 1) * size)
            .limit(size)
            .map(p -> redacted(redaction, p))
            .toList();
    int totalPages = (all.size() + size - 1) / size;
    return JobHandler.json(HttpStatus.OK, ApiJson.logPage(items, page, totalPages, all.size()));
  }

  private static String q(ServerRequest request) {
    return request.queryParam("q").orElse("");
  }

  private Redaction redaction(String jobId) {
    return views
        .find(jobId)
        .map(s -> Redaction.of(s.job(), s.execution()))
        .orElseGet(Redaction::none);
  }

  private Mono<ServerResponse> withTask(
      ServerRequest request, Function<Task, Mono<ServerResponse>> then) {
    String id = request.pathVariable("id");
    return lookup(() -> views.task(id), then, "task not found");
  }

  private Mono<ServerResponse> withJob(
      ServerRequest request, Function<JobSnapshot, Mono<ServerResponse>> then) {
    String id = request.pathVariable("id");
    return lookup(() -> views.find(id), then, "job not found");
  }

  private <T> Mono<ServerResponse> lookup(
      Supplier<Optional<T>> find, Function<T, Mono<ServerResponse>> then, String notFound) {
    return ViewReads.findOrAwait(views, catchUpTimeout, find, then, notFound);
  }
}
