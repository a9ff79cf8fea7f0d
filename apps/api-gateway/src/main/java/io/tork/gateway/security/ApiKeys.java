package io.tork.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code Authorization: Bearer KEY}: a key the API was started with acts as an admin. Only the
 * keys' SHA-256 digests are kept; a presented key is hashed and compared with every one of them in
 * constant time ({@link MessageDigest#isEqual}), so neither the time taken nor an early exit tells
 * how much of a key was right.
 */
final class ApiKeys implements ServerAuthenticationConverter, ReactiveAuthenticationManager {
  /** The shortest key accepted at start: a guessable key would be no protection. */
  static final int MIN_LENGTH = 16;

  private static final String BEARER = "bearer ";

  private final List<byte[]> digests;

  ApiKeys(List<String> keys) {
    for (String key : keys) {
      if (key.length() < MIN_LENGTH || !key.chars().allMatch(c -> c > ' ' && c < 127)) {
        throw new IllegalArgumentException(
            "an API key must be at least "
                + MIN_LENGTH
                + " printable characters, without spaces (e.g. openssl rand -hex 32)");
      }
    }
    this.digests = keys.stream().map(ApiKeys::digest).toList();
  }

  /** The key of a {@code Bearer} header, as an unchecked token; nothing for any other request. */
  @Override
  public Mono<Authentication> convert(ServerWebExchange exchange) {
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Mono.empty();
    }
    String key = header.substring(BEARER.length()).strip();
    return Mono.just(UsernamePasswordAuthenticationToken.unauthenticated("", key));
  }

  @Override
  public Mono<Authentication> authenticate(Authentication token) {
    byte[] presented = digest(String.valueOf(token.getCredentials()));
    boolean known = false;
    for (byte[] digest : digests) {
      known |= MessageDigest.isEqual(digest, presented);
    }
    return known
        ? Mono.just(new CallerAuthentication(Caller.KEY_HOLDER))
        : Mono.error(new BadCredentialsException(SecurityAnswers.INVALID));
  }

  static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
