package io.tork.gateway.security;

import io.tork.gateway.GatewaySettings;
import io.tork.kafka.Health;
import io.tork.kafka.KafkaClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The API's security, in Spring Security's filter chain (ADR 42). Open to anyone: {@code GET
 * /health} and the web UI's static files ({@code /}, {@code /ui/**}). Admins only: {@code /nodes},
 * {@code /queues}, {@code /users}, {@code /metrics}. Everything else: any signed-in caller (an API
 * key, or a user with HTTP Basic), who then sees only their own jobs and those shared with them
 * ({@link Caller}). Stateless: no session, no cookie, so no CSRF token either; credentials come
 * with every request. With no API key, authentication is off and every caller is the guest.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(SecuritySettings.class)
public class GatewaySecurity {
  /** The routes only an admin may call (a user is answered 403). */
  static final String[] ADMIN_ROUTES = {
    "/nodes", "/node", "/queues", "/queues/**", "/users", "/users/**", "/metrics", "/metrics/**"
  };

  /** The routes anyone may call, signed in or not. */
  static final String[] OPEN_ROUTES = {
    "/health",
    "/",
    "/ui",
    "/ui/**",
    // the API's description and Swagger UI's files: static, and what a caller reads to sign in
    "/v3/api-docs",
    "/v3/api-docs/**",
    "/swagger-ui.html",
    "/swagger-ui/**",
    "/webjars/swagger-ui/**"
  };

  @Bean
  SecurityWebFilterChain securityChain(
      ServerHttpSecurity http, SecuritySettings settings, UserDirectory users) {
    return chain(http, settings, users);
  }

  /** The chain for these settings and users (the bean's, and tests'). */
  static SecurityWebFilterChain chain(
      ServerHttpSecurity http, SecuritySettings settings, UserDirectory users) {
    SecurityAnswers answers = new SecurityAnswers();
    http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .exceptionHandling(
            errors -> errors.authenticationEntryPoint(answers).accessDeniedHandler(answers));
    if (!settings.corsOrigins().isEmpty()) {
      http.addFilterAt(cors(settings.corsOrigins()), SecurityWebFiltersOrder.CORS);
    }
    if (settings.rateLimit() > 0) {
      http.addFilterAfter(new RateLimits(settings.rateLimit()), SecurityWebFiltersOrder.CORS);
    }
    if (!settings.authenticationOn()) {
      http.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
          .anonymous(anonymous -> anonymous.principal(Caller.GUEST).authorities("ROLE_USER"))
          .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll());
      return http.build();
    }
    ApiKeys keys = new ApiKeys(settings.apiKeys());
    AuthenticationWebFilter bearer = new AuthenticationWebFilter(keys);
    bearer.setServerAuthenticationConverter(keys);
    bearer.setAuthenticationFailureHandler(
        new ServerAuthenticationEntryPointFailureHandler(answers));
    bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    http.addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
        .httpBasic(
            basic ->
                basic
                    .authenticationManager(new UserAuthentication(users, passwordEncoder()))
                    .authenticationEntryPoint(answers)
                    .securityContextRepository(NoOpServerSecurityContextRepository.getInstance()))
        .authorizeExchange(
            exchanges ->
                exchanges
                    .pathMatchers(HttpMethod.GET, OPEN_ROUTES)
                    .permitAll()
                    .pathMatchers(HttpMethod.OPTIONS, "/**")
                    .permitAll()
                    .pathMatchers(ADMIN_ROUTES)
                    .hasRole(CallerAuthentication.ADMIN)
                    .anyExchange()
                    .authenticated());
    return http.build();
  }

  /** Spring's CORS support: these origins may call every route with the API's methods. */
  private static CorsWebFilter cors(List<String> origins) {
    CorsConfiguration config = new CorsConfiguration();
    config.setAllowedOrigins(origins);
    config.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
    config.setAllowedHeaders(
        List.of("Authorization", "Content-Type", "X-Requested-With", "Accept", "Last-Event-ID"));
    config.setExposedHeaders(List.of("Location", "WWW-Authenticate", "Retry-After"));
    config.setMaxAge(Duration.ofHours(1));
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/**", config);
    return new CorsWebFilter(source);
  }

  static PasswordEncoder passwordEncoder() {
    return UserAuthentication.defaultEncoder();
  }

  /** The users of the API; read from their topic only while authentication is on. */
  @Bean(destroyMethod = "close")
  UserDirectory userDirectory(
      KafkaClientFactory kafka, GatewaySettings gateway, SecuritySettings settings, Health health) {
    UserDirectory users = new UserDirectory(kafka, gateway.topics(), health);
    if (settings.authenticationOn()) {
      users.start();
    }
    return users;
  }

  @Bean
  RouterFunction<ServerResponse> userRoutes(UserDirectory users, SecuritySettings settings) {
    return UserRoutes.routes(
        users, passwordEncoder(), settings.authenticationOn(), Clock.systemUTC());
  }
}
