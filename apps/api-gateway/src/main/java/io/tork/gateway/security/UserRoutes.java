package io.tork.gateway.security;

import io.tork.gateway.docs.ApiDocs;
import io.tork.model.codec.ApiJson;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.webflux.core.fn.SpringdocRouteBuilder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /users} {@code {"name", "username", "password", "roles"}}, {@code GET /users}, {@code
 * DELETE /users/{username}}: admins only (the security chain says so). A password is hashed with
 * bcrypt before it leaves this handler; no answer and no log line shows it or its hash.
 */
public final class UserRoutes {
  private static final Logger log = LoggerFactory.getLogger(UserRoutes.class);

  private final UserDirectory users;
  private final PasswordEncoder encoder;
  private final boolean enabled;
  private final Clock clock;

  private UserRoutes(UserDirectory users, PasswordEncoder encoder, boolean enabled, Clock clock) {
    this.users = users;
    this.encoder = encoder;
    this.enabled = enabled;
    this.clock = clock;
  }

  static RouterFunction<ServerResponse> routes(
      UserDirectory users, PasswordEncoder encoder, boolean enabled, Clock clock) {
    UserRoutes handler = new UserRoutes(users, encoder, enabled, clock);
    return SpringdocRouteBuilder.route()
        .POST("/users", handler::create, ApiDocs.createUser())
        .GET("/users", handler::list, ApiDocs.listUsers())
        .DELETE("/users/{username}", handler::delete, ApiDocs.deleteUser())
        .build();
  }

  private Mono<ServerResponse> create(ServerRequest request) {
    if (!enabled) {
      return error(
          HttpStatus.BAD_REQUEST,
          "users sign in only with authentication on: start the API with --api-key");
    }
    return request
        .bodyToMono(byte[].class)
        .defaultIfEmpty(new byte[0])
        .map(NewUser::parse)
        .flatMap(
            user ->
                // bcrypt takes its time by design: off the event loop.
                Mono.fromCallable(() -> user.toUser(encoder, clock.instant()))
                    .subscribeOn(Schedulers.boundedElastic()))
        .flatMap(
            user -> {
              if (users.find(user.username()).isPresent()) {
                return error(HttpStatus.BAD_REQUEST, "user already exists");
              }
              return Mono.fromFuture(() -> users.write(user.username(), user))
                  .then(
                      Mono.defer(
                          () -> {
                            log.atInfo()
                                .addKeyValue("username", user.username())
                                .addKeyValue("roles", user.roles())
                                .log("user created");
                            return json(HttpStatus.OK, ApiJson.write(user.shown()));
                          }));
            })
        .onErrorResume(NewUser.Invalid.class, e -> error(HttpStatus.BAD_REQUEST, e.getMessage()));
  }

  private Mono<ServerResponse> list(ServerRequest request) {
    return json(HttpStatus.OK, ApiJson.write(users.all().stream().map(User::shown).toList()));
  }

  private Mono<ServerResponse> delete(ServerRequest request) {
    String username = request.pathVariable("username");
    if (users.find(username).isEmpty()) {
      return error(HttpStatus.NOT_FOUND, "user not found");
    }
    return Mono.fromFuture(() -> users.write(username, null))
        .then(
            Mono.defer(
                () -> {
                  log.atInfo().addKeyValue("username", username).log("user deleted");
                  return json(HttpStatus.OK, ApiJson.write(Map.of("status", "OK")));
                }));
  }

  private static Mono<ServerResponse> error(HttpStatus status, String message) {
    return json(status, ApiJson.write(Map.of("message", message)));
  }

  private static Mono<ServerResponse> json(HttpStatus status, byte[] body) {
    return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }
}
