package io.tork.gateway.jobs;

import io.tork.gateway.core.ReadModel;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads from the gateway's view that never 404 too early: what the view does not have yet is looked
 * up again once the view has consumed everything committed at the time of the read; while a
 * starting gateway is still loading the view topics, a miss is a 503, not a 404. The view is on
 * disk: every read, and the answer built from it, runs off the event loop.
 */
final class ViewReads {
  private ViewReads() {}

  /**
   * Answers a list from the view once it is loaded: a starting gateway waits for its load (up to
   * the catch-up wait), then says 503, rather than list part of what it will hold.
   */
  static Mono<ServerResponse> whenLoaded(
      ReadModel views, Duration catchUpTimeout, Supplier<Mono<ServerResponse>> answer) {
    return Mono.fromCallable(() -> views.isLoaded() || views.awaitLoaded(catchUpTimeout))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(loaded -> loaded ? answer.get() : stillLoading());
  }

  private static Mono<ServerResponse> stillLoading() {
    return JobHandler.error(
        HttpStatus.SERVICE_UNAVAILABLE,
        "the API is still loading its view of the jobs; try again shortly");
  }

  static <T> Mono<ServerResponse> findOrAwait(
      ReadModel views,
      Duration catchUpTimeout,
      Supplier<Optional<T>> find,
      Function<T, Mono<ServerResponse>> then,
      String notFound) {
    return Mono.fromCallable(() -> lookup(views, catchUpTimeout, find))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            found ->
                found
                    .map(then)
                    .orElseGet(
                        () ->
                            views.isLoaded()
                                ? JobHandler.error(HttpStatus.NOT_FOUND, notFound)
                                : stillLoading()));
  }

  private static <T> Optional<T> lookup(
      ReadModel views, Duration catchUpTimeout, Supplier<Optional<T>> find)
      throws InterruptedException {
    // A view still loading its topics may hold a task but not yet its logs, or an old state:
    // nothing is answered from it until it is loaded.
    if (views.isLoaded()) {
      Optional<T> found = find.get();
      if (found.isPresent()) {
        return found;
      }
    }
    views.awaitCaughtUp(catchUpTimeout);
    return find.get();
  }
}
