package io.tork.gateway.security;

import io.tork.model.Access;
import io.tork.model.Job;
import io.tork.model.ScheduledJob;
import java.security.Principal;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import reactor.core.publisher.Mono;

/**
 * Who is calling: an admin (an API key, or a user with the {@code admin} role) sees and acts on
 * every job; a user only on the jobs they own or whose {@code permissions} name them or one of
 * their roles. For anyone else such a job does not exist (404). With authentication off every
 * caller is {@link #GUEST}, who sees everything, as before there were users.
 */
public record Caller(String name, Set<String> roles, boolean admin) implements Principal {
  /** Everyone, with authentication off. */
  public static final Caller GUEST = new Caller(Access.GUEST, Set.of(), true);

  /** Whoever holds an API key. */
  public static final Caller KEY_HOLDER = new Caller(Access.ADMIN, Set.of(), true);

  /** A principal this API did not make: sees nothing (never expected). */
  static final Caller NOBODY = new Caller("", Set.of(), false);

  public Caller {
    roles = Set.copyOf(roles);
  }

  /** A signed-in user: an admin when one of their roles is {@code admin}. */
  static Caller user(String username, Set<String> roles) {
    return new Caller(username, roles, roles.contains(Access.ADMIN_ROLE));
  }

  @Override
  public String getName() {
    return name;
  }

  /** The listing's keys this caller may walk; null for an admin, who walks them all. */
  public @Nullable Set<String> accessKeys() {
    return admin ? null : Access.callerKeys(name, roles);
  }

  public boolean maySee(Job job) {
    return admin || (!name.isEmpty() && Access.mayAccess(accessKeys(), job.accessKeys()));
  }

  public boolean maySee(ScheduledJob scheduled) {
    return admin || (!name.isEmpty() && Access.mayAccess(accessKeys(), scheduled.accessKeys()));
  }

  /**
   * The caller of the request being answered. Without any authentication (a route tested alone,
   * with no security in front) it is the guest, as with authentication off.
   */
  public static Mono<Caller> current() {
    return ReactiveSecurityContextHolder.getContext()
        .mapNotNull(SecurityContext::getAuthentication)
        .map(Caller::of)
        .defaultIfEmpty(GUEST);
  }

  static Caller of(Authentication authentication) {
    return authentication.getPrincipal() instanceof Caller caller ? caller : NOBODY;
  }
}
