package io.tork.gateway;

import io.tork.model.codec.ApiJson;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every error the API answers has Tork's shape, {@code {"message": "..."}}, whatever raised it: an
 * unknown path (404), a known path with another method (405, with {@code Allow}), a body over the
 * limit (413), or anything unexpected (500, logged with its cause). Spring's default error body
 * never reaches a client.
 */
final class ApiErrorHandler implements WebExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);
  private static final List<HttpMethod> METHODS =
      List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE);

  private final List<RouterFunction<ServerResponse>> routes;
  private final long maxBodyBytes;

  ApiErrorHandler(List<RouterFunction<ServerResponse>> routes, long maxBodyBytes) {
    this.routes = List.copyOf(routes);
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(error);
    }
    if (isBodyTooLarge(error)) {
      return write(
          exchange,
          HttpStatus.CONTENT_TOO_LARGE,
          "body: larger than the limit of " + maxBodyBytes + " bytes");
    }
    if (error instanceof ResponseStatusException status) {
      return answer(exchange, status.getStatusCode(), status.getReason());
    }
    log.atError()
        .setCause(error)
        .addKeyValue("method", exchange.getRequest().getMethod())
        .addKeyValue("path", exchange.getRequest().getPath().value())
        .log("unexpected error answering a request");
    return write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
  }

  private Mono<Void> answer(ServerWebExchange exchange, HttpStatusCode status, String reason) {
    if (status.value() == HttpStatus.NOT_FOUND.value()) {
      return allowedMethods(exchange)
          .flatMap(
              allowed -> {
                if (allowed.isEmpty()) {
                  return write(exchange, HttpStatus.NOT_FOUND, "not found");
                }
                exchange.getResponse().getHeaders().setAllow(java.util.Set.copyOf(allowed));
                return write(
                    exchange,
                    HttpStatus.METHOD_NOT_ALLOWED,
                    "method "
                        + exchange.getRequest().getMethod()
                        + " is not allowed here; allowed: "
                        + String.join(", ", allowed.stream().map(HttpMethod::name).toList()));
              });
    }
    if (status.value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
      return write(exchange, status, "body: larger than the limit of " + maxBodyBytes + " bytes");
    }
    String message =
        reason == null || reason.isBlank()
            ? HttpStatus.valueOf(status.value())
                .getReasonPhrase()
                .toLowerCase(java.util.Locale.ROOT)
            : reason;
    return write(exchange, status, message);
  }

  /** The methods some route answers for this path: non-empty means 405, not 404. */
  private Mono<List<HttpMethod>> allowedMethods(ServerWebExchange exchange) {
    HttpMethod asked = exchange.getRequest().getMethod();
    return Flux.fromIterable(METHODS)
        .filter(method -> !method.equals(asked))
        .filterWhen(method -> routed(exchange, method))
        .collectList();
  }

  private Mono<Boolean> routed(ServerWebExchange exchange, HttpMethod method) {
    ServerWebExchange probe = exchange.mutate().request(r -> r.method(method)).build();
    // The probes share the exchange's attributes: a path one matched would be merged into the next
    // route's pattern (two routes on one path, e.g. GET and DELETE /jobs/{id}, made that a 500).
    probe.getAttributes().remove(RouterFunctions.MATCHING_PATTERN_ATTRIBUTE);
    probe.getAttributes().remove(RouterFunctions.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    ServerRequest request =
        ServerRequest.create(probe, HandlerStrategies.withDefaults().messageReaders());
    return Flux.fromIterable(routes).concatMap(route -> route.route(request)).hasElements();
  }

  private static boolean isBodyTooLarge(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DataBufferLimitException) {
        return true;
      }
    }
    return false;
  }

  private static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String text) {
    var response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    response.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
    byte[] body = ApiJson.write(Map.of("message", text));
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }
}
