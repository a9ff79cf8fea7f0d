package io.tork.gateway.jobs;

import io.tork.gateway.core.FilteringIterator;
import io.tork.gateway.core.JobReads;
import io.tork.gateway.core.LogReads;
import io.tork.gateway.core.TaskReads;
import io.tork.model.Job;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.codec.ApiJson;
import io.tork.model.codec.Redaction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Task records, logs, and the live streams: {@code GET /tasks/{id}}, {@code GET /jobs/{id}/tasks}
 * (a job's records, paged), {@code GET /tasks/{id}/log} (with {@code follow=true}: Server-Sent
 * Events), {@code GET /jobs/{id}/log}, {@code GET /jobs/{id}/events}. Every answer is redacted with
 * its job's secrets; pages are written as they are read from the view.
 */
final class TaskHandler {
  static final int DEFAULT_LOG_PAGE_SIZE = 25;
  static final int MAX_LOG_PAGE_SIZE = 100;
  static final int DEFAULT_TASK_PAGE_SIZE = 100;
  static final int MAX_TASK_PAGE_SIZE = 1_000;

  private final JobReads jobs;
  private final TaskReads tasks;
  private final LogReads logs;
  private final ViewReads reads;

  TaskHandler(JobReads jobs, TaskReads tasks, LogReads logs, ViewReads reads) {
    this.jobs = jobs;
    this.tasks = tasks;
    this.logs = logs;
    this.reads = reads;
  }

  Mono<ServerResponse> get(ServerRequest request) {
    return withTask(
        request,
        task -> JobHandler.json(HttpStatus.OK, ApiJson.task(task, jobs.redaction(task.jobId()))));
  }

  /** {@code GET /jobs/{id}/tasks?page=1&size=100}: every task record, in creation order. */
  Mono<ServerResponse> jobTasks(ServerRequest request) {
    return withJob(
        request,
        job ->
            page(
                request,
                DEFAULT_TASK_PAGE_SIZE,
                MAX_TASK_PAGE_SIZE,
                redaction -> tasks.tasks(job.id(), 0),
                (Redaction redaction, Task task) -> ApiJson.task(task, redaction),
                job.id(),
                () -> tasks.executionCount(job.id())));
  }

  Mono<ServerResponse> taskLog(ServerRequest request) {
    if (request.queryParam("follow").map(Boolean::parseBoolean).orElse(false)) {
      return withTask(request, this::followLog);
    }
    String q = q(request);
    return withTask(
        request,
        task ->
            logPage(
                request,
                task.jobId(),
                () -> logs.taskLog(task.jobId(), task.id(), true),
                q.isBlank() ? countOf(() -> logs.taskLog(task.jobId(), task.id(), true)) : null));
  }

  Mono<ServerResponse> jobLog(ServerRequest request) {
    return withJob(request, job -> logPage(request, job.id(), () -> logs.jobLog(job.id()), null));
  }

  private Mono<ServerResponse> logPage(
      ServerRequest request,
      String jobId,
      Supplier<Iterator<TaskLogPart>> parts,
      @Nullable LongSupplier total) {
    String q = q(request);
    return page(
        request,
        DEFAULT_LOG_PAGE_SIZE,
        MAX_LOG_PAGE_SIZE,
        redaction -> new FilteringIterator<>(parts.get(), p -> contains(p, q) ? p : null),
        (Redaction redaction, TaskLogPart part) -> ApiJson.logPart(part, redaction),
        jobId,
        total);
  }

  private static LongSupplier countOf(Supplier<Iterator<TaskLogPart>> parts) {
    return () -> {
      long count = 0;
      for (Iterator<TaskLogPart> it = parts.get(); it.hasNext(); it.next()) {
        count++;
      }
      return count;
    };
  }

  private static boolean contains(TaskLogPart part, String q) {
    return q.isBlank()
        || part.contents().toLowerCase(Locale.ROOT).contains(q.toLowerCase(Locale.ROOT));
  }

  @FunctionalInterface
  private interface Render<T> {
    byte[] apply(Redaction redaction, T item);
  }

  private <T> Mono<ServerResponse> page(
      ServerRequest request,
      int defaultSize,
      int maxSize,
      Function<Redaction, Iterator<T>> items,
      Render<T> render,
      String jobId,
      @Nullable LongSupplier total) {
    return Paging.of(
        request,
        defaultSize,
        maxSize,
        paging -> {
          Redaction redaction = jobs.redaction(jobId);
          return StreamedPage.answer(
              items.apply(redaction),
              item -> render.apply(redaction, item),
              paging.page(),
              paging.size(),
              total);
        });
  }

  /** State changes of the job and of its tasks, live, until the job ends. */
  Mono<ServerResponse> jobEvents(ServerRequest request) {
    return withJob(
        request,
        job -> {
          String jobId = job.id();
          // Computed once, then grown with each record's own secrets: nothing is read from the
          // store on the view's thread, which tells the followers.
          AtomicReference<Redaction> redaction = new AtomicReference<>(jobs.redaction(jobId));
          Flux<ServerSentEvent<String>> events =
              Flux.create(
                  sink -> {
                    Runnable stop = jobs.followJob(jobId, update -> emit(sink, redaction, update));
                    sink.onDispose(stop::run);
                    // The state when the stream opens, then every change after it.
                    jobs.job(jobId).ifPresent(now -> emit(sink, redaction, now));
                  });
          // The first state is read from the view store: off the event loop.
          events = events.subscribeOn(Schedulers.boundedElastic());
          return ServerResponse.ok()
              .contentType(MediaType.TEXT_EVENT_STREAM)
              .body(events, ServerSentEvent.class);
        });
  }

  private static void emit(
      FluxSink<ServerSentEvent<String>> sink, AtomicReference<Redaction> redaction, Object update) {
    switch (update) {
      case Job job -> {
        sink.next(event("job", ApiJson.jobSummary(job, redaction.get())));
        if (job.state().isTerminal()) {
          sink.complete();
        }
      }
      case Task task -> {
        Redaction now = redaction.updateAndGet(r -> r.and(Redaction.of(task).values()));
        sink.next(event("task", ApiJson.task(task, now)));
      }
      default -> {}
    }
  }

  /**
   * The task's log so far, read from the view at the client's pace, then live, until the task ends
   * and its last lines are in. Live parts that arrive while the stored ones are read are held (a
   * few) and sent after them, each part once.
   */
  private Mono<ServerResponse> followLog(Task initial) {
    String taskId = initial.id();
    Redaction redaction = jobs.redaction(initial.jobId());
    Flux<ServerSentEvent<String>> parts =
        Flux.defer(
                () -> {
                  Sinks.Many<TaskLogPart> live = Sinks.many().unicast().onBackpressureBuffer();
                  Runnable stopLog =
                      logs.followTaskLog(
                          taskId,
                          part -> {
                            synchronized (live) {
                              live.tryEmitNext(part);
                            }
                          });
                  Runnable stopTask =
                      jobs.followJob(
                          initial.jobId(),
                          update -> {
                            if (update instanceof Task t
                                && t.id().equals(taskId)
                                && t.state().isTerminal()) {
                              completeWhenCaughtUp(live);
                            }
                          });
                  if (tasks.task(taskId).map(t -> t.state().isTerminal()).orElse(false)) {
                    completeWhenCaughtUp(live);
                  }
                  AtomicInteger last = new AtomicInteger();
                  Flux<TaskLogPart> stored =
                      Flux.fromIterable(() -> logs.taskLog(initial.jobId(), taskId, false))
                          .subscribeOn(Schedulers.boundedElastic())
                          .doOnNext(p -> last.set(p.number()));
                  return Flux.concat(stored, live.asFlux().filter(p -> p.number() > last.get()))
                      .doFinally(
                          signal -> {
                            stopLog.run();
                            stopTask.run();
                          });
                })
            .subscribeOn(Schedulers.boundedElastic())
            .map(part -> event("log", ApiJson.logPart(part, redaction)));
    return ServerResponse.ok()
        .contentType(MediaType.TEXT_EVENT_STREAM)
        .body(parts, ServerSentEvent.class);
  }

  /** The task's last parts were shipped before its end: once the view has them, the log ends. */
  private void completeWhenCaughtUp(Sinks.Many<TaskLogPart> live) {
    reads
        .caughtUp()
        .subscribe(
            caughtUp -> {
              synchronized (live) {
                live.tryEmitComplete();
              }
            },
            error -> {
              synchronized (live) {
                live.tryEmitError(error);
              }
            });
  }

  private static ServerSentEvent<String> event(String name, byte[] json) {
    return ServerSentEvent.builder(new String(json, StandardCharsets.UTF_8)).event(name).build();
  }

  private static String q(ServerRequest request) {
    return request.queryParam("q").orElse("");
  }

  /** A task of a job the caller may see; for anyone else it does not exist. */
  private Mono<ServerResponse> withTask(
      ServerRequest request, Function<Task, Mono<ServerResponse>> then) {
    return reads.findVisible(
        request,
        (id, caller) ->
            tasks.task(id).filter(t -> jobs.job(t.jobId()).filter(caller::maySee).isPresent()),
        then,
        "task not found");
  }

  private Mono<ServerResponse> withJob(
      ServerRequest request, Function<Job, Mono<ServerResponse>> then) {
    return reads.findVisible(
        request, (id, caller) -> jobs.job(id).filter(caller::maySee), then, "job not found");
  }
}
