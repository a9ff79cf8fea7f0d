package io.tork.gateway.security;

import io.tork.model.Access;
import io.tork.model.codec.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The body of {@code POST /users}, checked field by field (each problem names its field): {@code
 * username} (letters, digits, {@code . _ @ -}, at most 64, not {@code guest} or {@code admin},
 * which name the unauthenticated caller and the API keys), {@code password} (8 to 72 bytes: what
 * bcrypt reads), {@code name} (at most 256 characters), {@code roles} (at most 32 names like {@code
 * ops}; {@code admin} makes an admin).
 */
record NewUser(String username, String name, String password, List<String> roles) {
  static final int MIN_PASSWORD_LENGTH = 8;
  static final int MAX_ROLES = 32;
  static final int MAX_NAME = 256;
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final Pattern ROLE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Set<String> FIELDS = Set.of("username", "name", "password", "roles");
  private static final Set<String> RESERVED = Set.of(Access.GUEST, Access.ADMIN);

  /** A body that is not a user: the message names the field and the problem. */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  static NewUser parse(byte[] body) {
    Object parsed;
    try {
      parsed = Json.parseValue(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new Invalid("body: is not a JSON object {\"username\", \"password\", ...}");
    }
    if (!(parsed instanceof Map<?, ?> fields)) {
      throw new Invalid("body: is not a JSON object {\"username\", \"password\", ...}");
    }
    for (Object key : fields.keySet()) {
      if (!FIELDS.contains(String.valueOf(key))) {
        throw new Invalid(key + ": is not a field of a user (username, name, password, roles)");
      }
    }
    String username = text(fields, "username");
    String password = text(fields, "password");
    String name = text(fields, "name");
    if (username.isEmpty()) {
      throw new Invalid("username: is required");
    }
    if (!USERNAME.matcher(username).matches()) {
      throw new Invalid(
          "username: must be 1 to 64 letters, digits or . _ @ -, starting with a letter or digit");
    }
    if (RESERVED.contains(username.toLowerCase(java.util.Locale.ROOT))) {
      throw new Invalid("username: '" + username + "' is reserved");
    }
    if (password.isEmpty()) {
      throw new Invalid("password: is required");
    }
    int bytes = password.getBytes(StandardCharsets.UTF_8).length;
    if (password.length() < MIN_PASSWORD_LENGTH || bytes > UserAuthentication.MAX_PASSWORD_BYTES) {
      throw new Invalid(
          "password: must be at least "
              + MIN_PASSWORD_LENGTH
              + " characters and at most "
              + UserAuthentication.MAX_PASSWORD_BYTES
              + " bytes");
    }
    if (name.length() > MAX_NAME) {
      throw new Invalid("name: is longer than " + MAX_NAME + " characters");
    }
    return new NewUser(username, name, password, roles(fields.get("roles")));
  }

  private static String text(Map<?, ?> fields, String field) {
    Object value = fields.get(field);
    if (value == null) {
      return "";
    }
    if (!(value instanceof String s)) {
      throw new Invalid(field + ": must be a string");
    }
    return s;
  }

  private static List<String> roles(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new Invalid("roles: must be a list of role names");
    }
    if (list.size() > MAX_ROLES) {
      throw new Invalid("roles: has " + list.size() + " entries, more than " + MAX_ROLES);
    }
    Set<String> roles = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String role) || !ROLE.matcher(role).matches()) {
        throw new Invalid(
            "roles[" + i + "]: must be 1 to 64 lowercase letters, digits or . _ -, e.g. ops");
      }
      roles.add(role);
    }
    return new ArrayList<>(roles);
  }

  User toUser(PasswordEncoder encoder, Instant now) {
    return new User(
        username, name, encoder.encode(password), roles, now.truncatedTo(ChronoUnit.MILLIS));
  }

  @Override
  public String toString() {
    return "NewUser[" + username + "]";
  }
}
