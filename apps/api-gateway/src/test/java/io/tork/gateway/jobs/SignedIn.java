package io.tork.gateway.jobs;

import io.tork.gateway.security.Caller;
import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** A client of the routes as a signed-in user who is no admin, as the security filter sets one. */
final class SignedIn {
  private SignedIn() {}

  static WebTestClient as(String user, RouterFunction<ServerResponse> routes) {
    Caller caller = new Caller(user, Set.of(), false);
    return WebTestClient.bindToRouterFunction(routes)
        .webFilter(
            (exchange, chain) ->
                chain
                    .filter(exchange)
                    .contextWrite(
                        ReactiveSecurityContextHolder.withAuthentication(
                            UsernamePasswordAuthenticationToken.authenticated(
                                caller, "", List.of()))))
        .build();
  }
}
