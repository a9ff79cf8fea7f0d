package io.tork.gateway.jobs;

import io.tork.gateway.core.ReadModel;
import io.tork.gateway.security.Caller;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
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
  private final ReadModel views;
  private final Duration catchUpTimeout;

  ViewReads(ReadModel views, Duration catchUpTimeout) {
    this.views = views;
    this.catchUpTimeout = catchUpTimeout;
  }

  /**
   * Answers a list for the caller from the view once it is loaded: a starting gateway waits for its
   * load (up to the catch-up wait), then says 503, rather than list part of what it will hold.
   */
  Mono<ServerResponse> whenLoaded(Function<Caller, Mono<ServerResponse>> answer) {
    return Caller.current()
        .flatMap(
            caller ->
                Mono.fromCallable(() -> views.isLoaded() || views.awaitLoaded(catchUpTimeout))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(loaded -> loaded ? answer.apply(caller) : stillLoading()));
  }

  /** Completes once the view holds what was committed when called (or the catch-up wait passed). */
  Mono<Boolean> caughtUp() {
    return Mono.fromCallable(() -> views.awaitCaughtUp(catchUpTimeout))
        .subscribeOn(Schedulers.boundedElastic());
  }

  /**
   * What the request's {@code {id}} names, as {@code find} reads it for the caller (empty for what
   * the caller may not see: for them it does not exist, 404).
   */
  <T> Mono<ServerResponse> findVisible(
      ServerRequest request,
      BiFunction<String, Caller, Optional<T>> find,
      Function<T, Mono<ServerResponse>> then,
      String notFound) {
    String id = request.pathVariable("id");
    return Caller.current()
        .flatMap(caller -> findOrAwait(() -> find.apply(id, caller), then, notFound));
  }

  private <T> Mono<ServerResponse> findOrAwait(
      Supplier<Optional<T>> find, Function<T, Mono<ServerResponse>> then, String notFound) {
    return Mono.fromCallable(() -> lookup(find))
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

  private <T> Optional<T> lookup(Supplier<Optional<T>> find) throws InterruptedException {
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

  private static Mono<ServerResponse> stillLoading() {
    return JobHandler.error(
        HttpStatus.SERVICE_UNAVAILABLE,
        "the API is still loading its view of the jobs; try again shortly");
  }
}
