package io.tork.model;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a job's {@code permissions} (Tork's syntax: {@code [{user: bob}, {role: ops}]}):
 * exactly one of {@code user} and {@code role} names who else may see and act on the job.
 */
public record Permission(String user, String role) {
  public Permission {
    user = Strings.orEmpty(user).strip();
    role = Strings.orEmpty(role).strip();
  }

  public static Permission user(String name) {
    return new Permission(name, null);
  }

  public static Permission role(String name) {
    return new Permission(null, name);
  }

  /**
   * The problem with this entry, if any, after the entry's path: {@code ": must name exactly one of
   * user and role"}, {@code ".user: is longer than 64 characters"}.
   */
  public @Nullable String problem() {
    if (user.isEmpty() == role.isEmpty()) {
      return ": must name exactly one of user and role";
    }
    String name = user.isEmpty() ? role : user;
    if (name.length() > Access.MAX_NAME_LENGTH) {
      return (user.isEmpty() ? ".role" : ".user")
          + ": is longer than "
          + Access.MAX_NAME_LENGTH
          + " characters";
    }
    return null;
  }
}
