package io.tork.gateway.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the API ({@code tork.security.*}). Authentication is on when at least one API key is
 * given: a key acts as an admin, and admins make users, who sign in with HTTP Basic. With no key,
 * everyone is the guest and sees everything (the command line allows that on loopback only, or with
 * {@code --insecure-no-auth}).
 *
 * @param apiKeys the keys that act as an admin ({@code Authorization: Bearer KEY})
 * @param rateLimit requests a second one client (one address) may make; 0: no limit
 * @param corsOrigins the origins a browser may call the API from (none: same origin only)
 */
@ConfigurationProperties("tork.security")
public record SecuritySettings(
    @DefaultValue List<String> apiKeys,
    @DefaultValue("0") int rateLimit,
    @DefaultValue List<String> corsOrigins) {
  public SecuritySettings {
    apiKeys = apiKeys.stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
    corsOrigins = corsOrigins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
    if (rateLimit < 0) {
      throw new IllegalArgumentException("rate limit: must be 0 (off) or more");
    }
  }

  /** Whether callers must say who they are. */
  public boolean authenticationOn() {
    return !apiKeys.isEmpty();
  }
}
