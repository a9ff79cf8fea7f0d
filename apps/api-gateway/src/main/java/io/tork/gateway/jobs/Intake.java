package io.tork.gateway.jobs;

import io.tork.gateway.core.JobCommands;
import io.tork.gateway.security.Caller;
import io.tork.model.InvalidJobException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.BiFunction;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Where the documents users submit (a job, a scheduled job) come in, and where what they start is
 * sent: a document that is not valid is a 400 with why, one too many being parsed at once a 503.
 *
 * @param commands where submissions and commands go
 * @param parsers where documents are parsed, off the event loop
 * @param clock what stamps them
 */
record Intake(JobCommands commands, DocumentParsers parsers, Clock clock) {
  /** What a submission hands on: the document parsed, as sent (empty if none), and who sent it. */
  @FunctionalInterface
  interface Received<T> {
    Mono<ServerResponse> apply(T parsed, byte[] body, String contentType, Caller caller);
  }

  /** Parses the request's body with {@code parse}, then hands it on to {@code then}. */
  <T> Mono<ServerResponse> document(
      ServerRequest request, BiFunction<byte[], String, Mono<T>> parse, Received<T> then) {
    String contentType = request.headers().firstHeader(HttpHeaders.CONTENT_TYPE);
    return Caller.current()
        .flatMap(
            caller ->
                request
                    .bodyToMono(byte[].class)
                    .defaultIfEmpty(new byte[0])
                    .flatMap(
                        body ->
                            parse
                                .apply(body, contentType)
                                .flatMap(parsed -> then.apply(parsed, body, contentType, caller))))
        .onErrorResume(
            InvalidJobException.class,
            e -> JobHandler.error(HttpStatus.BAD_REQUEST, e.getMessage()))
        .onErrorResume(DocumentParsers::isBusy, e -> busy());
  }

  /** When a submission is received, to the millisecond (as the API shows it). */
  Instant received() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static Mono<ServerResponse> busy() {
    return JobHandler.error(
        HttpStatus.SERVICE_UNAVAILABLE,
        "too many documents are being parsed at once; try again shortly");
  }
}
