package io.tork.gateway.security;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user as the {@code users} topic keeps it: the password only as its bcrypt hash, which no answer
 * and no log line ever shows ({@link #shown}).
 */
record User(
    String username, String name, String passwordHash, List<String> roles, Instant createdAt) {
  User {
    name = name == null ? "" : name;
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /** What the API shows of a user: never the hash. */
  Map<String, Object> shown() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("username", username);
    if (!name.isEmpty()) {
      out.put("name", name);
    }
    out.put("roles", roles);
    out.put("createdAt", createdAt);
    return out;
  }

  @Override
  public String toString() {
    return "User[" + username + "]";
  }
}
