package io.tork.gateway.jobs;

import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** A list request's {@code page} (from 1) and {@code size} (1 to a list's own cap). */
record Paging(int page, int size) {
  /**
   * Answers with {@code then} for the request's paging, or 400 naming the parameter that is off.
   */
  static Mono<ServerResponse> of(
      ServerRequest request,
      int defaultSize,
      int maxSize,
      Function<Paging, Mono<ServerResponse>> then) {
    Paging paging;
    try {
      paging =
          new Paging(
              intParam(request, "page", 1, 1, Integer.MAX_VALUE),
              intParam(request, "size", defaultSize, 1, maxSize));
    } catch (IllegalArgumentException e) {
      return JobHandler.error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    return then.apply(paging);
  }

  int totalPages(long totalItems) {
    return (int) ((totalItems + size - 1) / size);
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
}
