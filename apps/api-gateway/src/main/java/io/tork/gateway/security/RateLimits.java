package io.tork.gateway.security;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * {@code --rate-limit}: at most N requests a second from one client, as Tork does it (per address,
 * 20 by default when on); one over is answered 429 {@code {"message": ...}} with {@code
 * Retry-After: 1}. It runs before authentication, so that guessing passwords is limited too. The
 * client is the connection's address, never a header a client could set ({@code X-Forwarded-For}):
 * behind a proxy every caller is the proxy. The web UI's static files are not counted (a page loads
 * a dozen at once). A limiter per address, kept while the address is active (a minute after its
 * last request), at most 100,000 of them.
 */
final class RateLimits implements WebFilter {
  private final LoadingCache<String, RateLimiter> limiters;
  private final int perSecond;

  RateLimits(int perSecond) {
    this.perSecond = perSecond;
    RateLimiterConfig config =
        RateLimiterConfig.custom()
            .limitForPeriod(perSecond)
            .limitRefreshPeriod(Duration.ofSeconds(1))
            .timeoutDuration(Duration.ZERO)
            .build();
    this.limiters =
        Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(1))
            .maximumSize(100_000)
            .build(client -> RateLimiter.of(client, config));
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (path.equals("/") || path.equals("/ui") || path.startsWith("/ui/")) {
      return chain.filter(exchange);
    }
    if (limiters.get(client(exchange)).acquirePermission()) {
      return chain.filter(exchange);
    }
    exchange.getResponse().getHeaders().set("Retry-After", "1");
    return SecurityAnswers.write(
        exchange,
        HttpStatus.TOO_MANY_REQUESTS,
        "too many requests: at most " + perSecond + " a second from one client");
  }

  private static String client(ServerWebExchange exchange) {
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    if (remote == null) {
      return "unknown";
    }
    return remote.getAddress() != null
        ? remote.getAddress().getHostAddress()
        : remote.getHostString();
  }
}
