package io.tork.model;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may see and act on a job: its owner ({@code createdBy}), and whoever its {@code permissions}
 * name, by user or by role. Both sides are reduced to the same keys ({@code user:bob}, {@code
 * role:ops}): a caller may see a job when their keys and the job's meet. The gateway's listing
 * indexes jobs by these keys, so a user's list walks only the jobs they may see (ADR 42).
 */
public final class Access {
  /** Who submitted a job when nobody signed in (authentication off), as Tork's seeded user. */
  public static final String GUEST = "guest";

  /** Who a job submitted with an API key belongs to. */
  public static final String ADMIN = "admin";

  /**
   * The header of a {@code jobs} record that names who submitted it. The gateway sets it to the
   * caller; another producer may set it to anyone (access to the topic is trust, docs/security.md).
   * A record without it is {@link #GUEST}'s.
   */
  public static final String CREATED_BY_HEADER = "created-by";

  /** The role that makes a user an admin. */
  public static final String ADMIN_ROLE = "admin";

  /** The longest user or role name. */
  public static final int MAX_NAME_LENGTH = 64;

  /** The most entries one job's {@code permissions} may have. */
  public static final int MAX_PERMISSIONS = 100;

  private Access() {}

  /** The keys of a job: its owner's and each of its permissions'. */
  public static List<String> keysOf(String createdBy, List<Permission> permissions) {
    Set<String> keys = new LinkedHashSet<>();
    if (!createdBy.isEmpty()) {
      keys.add(userKey(createdBy));
    }
    for (Permission p : permissions) {
      keys.add(p.user().isEmpty() ? roleKey(p.role()) : userKey(p.user()));
    }
    return List.copyOf(keys);
  }

  /** The keys of a caller: their own name's and each of their roles'. */
  public static Set<String> callerKeys(String username, Collection<String> roles) {
    Set<String> keys = new LinkedHashSet<>();
    keys.add(userKey(username));
    roles.forEach(role -> keys.add(roleKey(role)));
    return Set.copyOf(keys);
  }

  /** Whether a caller with {@code callerKeys} may see a job with {@code jobKeys}. */
  public static boolean mayAccess(Set<String> callerKeys, List<String> jobKeys) {
    for (String key : jobKeys) {
      if (callerKeys.contains(key)) {
        return true;
      }
    }
    return false;
  }

  static String userKey(String name) {
    return "user:" + name;
  }

  static String roleKey(String name) {
    return "role:" + name;
  }
}
