package io.tork.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * HTTP Basic for the users of the {@link UserDirectory}: the password is checked against its bcrypt
 * hash off the event loop. A bcrypt check costs tens of milliseconds of CPU by design, and Basic
 * sends the password with every request (the web UI makes several a second), so a successful check
 * is remembered for a few minutes: in memory only, under an HMAC of the name and password with a
 * key made at start, and only while the user's stored hash is the one it matched (a deleted or
 * re-made user signs in anew). An unknown name costs a bcrypt check too, so that the time taken
 * does not tell which names exist.
 */
final class UserAuthentication implements ReactiveAuthenticationManager {
  /** bcrypt reads at most this many bytes of a password. */
  static final int MAX_PASSWORD_BYTES = 72;

  private static final Duration REMEMBERED = Duration.ofMinutes(5);
  private static final Duration LOAD_WAIT = Duration.ofSeconds(5);

  private final UserDirectory users;
  private final PasswordEncoder encoder;
  private final String unknownUserHash;
  private final SecretKeySpec cacheKey;
  private final Cache<String, String> verified =
      Caffeine.newBuilder().expireAfterWrite(REMEMBERED).maximumSize(10_000).build();

  UserAuthentication(UserDirectory users, PasswordEncoder encoder) {
    this.users = users;
    this.encoder = encoder;
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.cacheKey = new SecretKeySpec(secret, "HmacSHA256");
    this.unknownUserHash = encoder.encode(HexFormat.of().formatHex(secret));
  }

  /** bcrypt with its default strength (10). */
  static PasswordEncoder defaultEncoder() {
    return new BCryptPasswordEncoder();
  }

  @Override
  public Mono<Authentication> authenticate(Authentication token) {
    String username = token.getName();
    String password = String.valueOf(token.getCredentials());
    return Mono.fromCallable(() -> check(username, password))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(Mono::justOrEmpty)
        .switchIfEmpty(Mono.error(new BadCredentialsException(SecurityAnswers.INVALID)));
  }

  private Optional<Authentication> check(String username, String password)
      throws InterruptedException {
    users.awaitLoaded(LOAD_WAIT);
    Optional<User> found = users.find(username);
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      return Optional.empty();
    }
    String remembered = hmac(username, password);
    if (found.isPresent() && found.get().passwordHash().equals(verified.getIfPresent(remembered))) {
      return Optional.of(authenticated(found.get()));
    }
    boolean matches =
        encoder.matches(password, found.map(User::passwordHash).orElse(unknownUserHash));
    if (!matches || found.isEmpty()) {
      return Optional.empty();
    }
    verified.put(remembered, found.get().passwordHash());
    return Optional.of(authenticated(found.get()));
  }

  private static Authentication authenticated(User user) {
    return new CallerAuthentication(Caller.user(user.username(), Set.copyOf(user.roles())));
  }

  private String hmac(String username, String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(cacheKey);
      mac.update(username.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
