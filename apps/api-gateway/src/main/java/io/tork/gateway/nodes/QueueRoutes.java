package io.tork.gateway.nodes;

import io.tork.gateway.core.JobCommands;
import io.tork.gateway.core.QueueReads;
import io.tork.gateway.core.QueueReads.QueueInfo;
import io.tork.gateway.core.ReadModel;
import io.tork.gateway.core.ViewCounts;
import io.tork.gateway.docs.AdminDocs;
import io.tork.model.FailQueued;
import io.tork.model.codec.ApiJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.webflux.core.fn.SpringdocRouteBuilder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /queues/{name}}: one queue as {@code GET /queues} shows it. {@code DELETE
 * /queues/{name}}: the tasks waiting on it end FAILED ({@code queue deleted}) and so do their jobs;
 * running tasks are not touched there. The gateway deletes nothing itself: it sends each job with
 * tasks waiting there a {@link FailQueued}, which the scheduler owning the job decides on (ADR 63),
 * so N gateways and several schedulers agree. The queue's topic stays, for the workers subscribed
 * to it. Admins only where authentication is on.
 */
public final class QueueRoutes {
  private static final Logger log = LoggerFactory.getLogger(QueueRoutes.class);

  /** The commands sent before waiting for them to be acknowledged: memory stays bounded. */
  static final int SEND_CHUNK = 1_000;

  private final QueueReads queues;
  private final ViewCounts counts;
  private final ReadModel view;
  private final JobCommands publisher;
  private final Duration catchUpTimeout;
  private final Clock clock;

  /**
   * @param counts the view's counts of waiting tasks, by queue and by job
   * @param view the same view, to catch up before a delete reads who waits
   */
  public QueueRoutes(
      QueueReads queues,
      ViewCounts counts,
      ReadModel view,
      JobCommands publisher,
      Duration catchUpTimeout,
      Clock clock) {
    this.queues = queues;
    this.counts = counts;
    this.view = view;
    this.publisher = publisher;
    this.catchUpTimeout = catchUpTimeout;
    this.clock = clock;
  }

  public RouterFunction<ServerResponse> routes() {
    return SpringdocRouteBuilder.route()
        .GET("/queues/{name}", this::get, AdminDocs.getQueue())
        .DELETE("/queues/{name}", this::delete, AdminDocs.deleteQueue())
        .build();
  }

  Mono<ServerResponse> get(ServerRequest request) {
    String name = request.pathVariable("name");
    return Mono.fromCallable(
            () -> queues.find(name, counts.waitingByQueue().getOrDefault(name, 0L)))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            found ->
                found.isPresent() ? json(HttpStatus.OK, ApiJson.write(found.get())) : notFound());
  }

  Mono<ServerResponse> delete(ServerRequest request) {
    String name = request.pathVariable("name");
    return Mono.fromCallable(() -> failWaiting(name))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            found ->
                found.isPresent()
                    ? json(HttpStatus.OK, ApiJson.write(Map.of("status", "OK")))
                    : notFound())
        .onErrorResume(
            ExecutionException.class,
            e ->
                json(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    message("cannot send the command now: " + e.getCause().getMessage())));
  }

  /**
   * Once the view holds what was committed before the request, every job it shows waiting on the
   * queue is sent a {@link FailQueued}, {@link #SEND_CHUNK} at a time; empty for an unknown queue.
   */
  private Optional<QueueInfo> failWaiting(String name)
      throws InterruptedException, ExecutionException {
    Optional<QueueInfo> queue = queues.find(name, 0);
    if (queue.isEmpty()) {
      return queue;
    }
    view.awaitCaughtUp(catchUpTimeout);
    Instant at = clock.instant();
    int sent = 0;
    List<CompletableFuture<Void>> chunk = new ArrayList<>();
    for (Iterator<String> jobs = counts.jobsWaitingOn(name); jobs.hasNext(); ) {
      chunk.add(publisher.publish(new FailQueued(jobs.next(), name, at)));
      if (chunk.size() == SEND_CHUNK || !jobs.hasNext()) {
        CompletableFuture.allOf(chunk.toArray(CompletableFuture[]::new)).get();
        sent += chunk.size();
        chunk.clear();
      }
    }
    log.atInfo().addKeyValue("queue", name).addKeyValue("jobs", sent).log("queue deleted");
    return queue;
  }

  private static Mono<ServerResponse> notFound() {
    return json(HttpStatus.NOT_FOUND, message("queue not found"));
  }

  private static byte[] message(String text) {
    return ApiJson.write(Map.of("message", text));
  }

  private static Mono<ServerResponse> json(HttpStatus status, byte[] body) {
    return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }
}
