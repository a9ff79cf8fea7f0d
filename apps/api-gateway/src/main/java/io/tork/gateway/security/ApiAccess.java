package io.tork.gateway.security;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the API listens and who may call it, as {@code standalone} and {@code gateway} are told
 * ({@code AccessOptions}): the address, the API keys (none: authentication off), the rate limit and
 * the CORS origins.
 */
public record ApiAccess(
    String host, List<String> apiKeys, int rateLimit, List<String> corsOrigins) {
  /** Loopback only, no authentication: what a run with no flags gets. */
  public static final ApiAccess LOOPBACK = new ApiAccess("127.0.0.1", List.of(), 0, List.of());

  public ApiAccess {
    apiKeys = List.copyOf(apiKeys);
    corsOrigins = List.copyOf(corsOrigins);
  }

  /** The same, with these keys (tests). */
  public ApiAccess withApiKeys(List<String> keys) {
    return new ApiAccess(host, keys, rateLimit, corsOrigins);
  }

  /** The gateway's properties for these settings (arguments: they win over its defaults). */
  public List<String> springArgs() {
    List<String> args = new ArrayList<>();
    args.add("--server.address=" + host);
    if (!apiKeys.isEmpty()) {
      args.add("--tork.security.api-keys=" + String.join(",", apiKeys));
    }
    args.add("--tork.security.rate-limit=" + rateLimit);
    if (!corsOrigins.isEmpty()) {
      args.add("--tork.security.cors-origins=" + String.join(",", corsOrigins));
    }
    return args;
  }

  @Override
  public String toString() {
    return "ApiAccess[host="
        + host
        + ", apiKeys="
        + apiKeys.size()
        + ", rateLimit="
        + rateLimit
        + ", corsOrigins="
        + corsOrigins
        + "]";
  }
}
