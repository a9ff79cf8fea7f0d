package io.tork.gateway.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A caller whose credentials were checked: {@code ROLE_USER}, and {@code ROLE_ADMIN} for admins.
 */
final class CallerAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;
  static final String ADMIN = "ADMIN";

  private final Caller caller;

  CallerAuthentication(Caller caller) {
    super(authorities(caller));
    this.caller = caller;
    setAuthenticated(true);
  }

  private static List<GrantedAuthority> authorities(Caller caller) {
    List<GrantedAuthority> out = new ArrayList<>();
    out.add(new SimpleGrantedAuthority("ROLE_USER"));
    if (caller.admin()) {
      out.add(new SimpleGrantedAuthority("ROLE_" + ADMIN));
    }
    return out;
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Caller getPrincipal() {
    return caller;
  }
}
