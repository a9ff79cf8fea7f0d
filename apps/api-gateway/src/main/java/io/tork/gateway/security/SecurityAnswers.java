package io.tork.gateway.security;

import io.tork.model.codec.ApiJson;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What Spring Security answers, in the API's shape: 401 {@code {"message": ...}} with {@code
 * WWW-Authenticate} (Basic and Bearer; Bearer alone for the web UI's requests, which say {@code
 * X-Requested-With: XMLHttpRequest}, so that the browser does not open a login dialog of its own),
 * and 403 for a user on an admin route.
 */
final class SecurityAnswers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {
  static final String REALM = "tork";
  static final String MISSING =
      "authentication required: send an API key (Authorization: Bearer KEY) or a user's name and"
          + " password (HTTP Basic)";
  static final String INVALID = "invalid credentials";
  static final String ADMIN_ONLY = "forbidden: only an admin may do this";

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException e) {
    HttpHeaders headers = exchange.getResponse().getHeaders();
    if (!"XMLHttpRequest"
        .equalsIgnoreCase(exchange.getRequest().getHeaders().getFirst("X-Requested-With"))) {
      headers.add(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
    }
    headers.add(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"");
    return write(
        exchange,
        HttpStatus.UNAUTHORIZED,
        e instanceof BadCredentialsException ? INVALID : MISSING);
  }

  @Override
  public Mono<Void> handle(
      ServerWebExchange exchange,
      org.springframework.security.access.AccessDeniedException denied) {
    return write(exchange, HttpStatus.FORBIDDEN, ADMIN_ONLY);
  }

  static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String message) {
    var response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    byte[] body = ApiJson.write(Map.of("message", message));
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }
}
