package io.tork.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The security chain in front of stand-in routes that answer who called: who gets through, who is
 * answered 401 or 403 and in what shape, and the rate limit and CORS (ADR 42). The whole engine's
 * matrix, with real jobs, users made through the API and sub-jobs, is {@code AuthIT}'s.
 */
class GatewaySecurityTest {
  private static final String KEY = "0123456789abcdef-test-key";
  private static final BCryptPasswordEncoder FAST = new BCryptPasswordEncoder(4);
  private static final UserDirectory USERS =
      UserDirectory.of(
          List.of(
              user("alice", "alice-password", List.of("ops")),
              user("root", "root-password", List.of("admin"))));

  private static User user(String name, String password, List<String> roles) {
    return new User(name, "", FAST.encode(password), roles, Instant.EPOCH);
  }

  private static final RouterFunction<ServerResponse> ROUTES =
      RouterFunctions.route()
          .GET("/jobs", r -> Caller.current().flatMap(c -> ServerResponse.ok().bodyValue(c.name())))
          .POST(
              "/jobs", r -> Caller.current().flatMap(c -> ServerResponse.ok().bodyValue(c.name())))
          .GET("/nodes", r -> ServerResponse.ok().bodyValue("nodes"))
          .GET("/metrics", r -> ServerResponse.ok().bodyValue("metrics"))
          .GET("/health", r -> ServerResponse.ok().bodyValue("UP"))
          .GET("/ui/index.html", r -> ServerResponse.ok().bodyValue("ui"))
          .build();

  private static WebTestClient client(SecuritySettings settings) {
    var chain = GatewaySecurity.chain(ServerHttpSecurity.http(), settings, USERS);
    return WebTestClient.bindToRouterFunction(ROUTES)
        .webFilter(new WebFilterChainProxy(chain))
        .build();
  }

  private static final WebTestClient SECURED =
      client(new SecuritySettings(List.of(KEY), 0, List.of()));

  @Test
  void withNoKeyAuthenticationIsOffAndEveryoneIsTheGuest() {
    WebTestClient open = client(new SecuritySettings(List.of(), 0, List.of()));
    open.get()
        .uri("/jobs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .isEqualTo("guest");
    open.post().uri("/jobs").exchange().expectStatus().isOk();
    open.get().uri("/nodes").exchange().expectStatus().isOk();
  }

  @Test
  void noCredentialsIs401InTheApisShapeWithBothChallenges() {
    var result = SECURED.get().uri("/jobs").exchange().expectStatus().isUnauthorized().expectBody();
    result
        .jsonPath("$.message")
        .value(m -> assertThat((String) m).startsWith("authentication required"));
    List<String> challenges =
        SECURED
            .get()
            .uri("/jobs")
            .exchange()
            .returnResult(String.class)
            .getResponseHeaders()
            .get(HttpHeaders.WWW_AUTHENTICATE);
    assertThat(challenges).hasSize(2);
    assertThat(challenges.get(0)).startsWith("Basic realm=\"tork\"");
    assertThat(challenges.get(1)).isEqualTo("Bearer realm=\"tork\"");
  }

  @Test
  void theWebUisRequestsGetNoBasicChallengeSoNoBrowserDialogOpens() {
    List<String> challenges =
        SECURED
            .get()
            .uri("/jobs")
            .header("X-Requested-With", "XMLHttpRequest")
            .exchange()
            .returnResult(String.class)
            .getResponseHeaders()
            .get(HttpHeaders.WWW_AUTHENTICATE);
    assertThat(challenges).containsExactly("Bearer realm=\"tork\"");
  }

  @Test
  void aWrongKeyOrPasswordIs401InvalidCredentials() {
    for (String authorization :
        List.of(
            "Bearer 0123456789abcdef-test-kez",
            "Bearer " + KEY + "x",
            "Bearer ",
            basic("alice", "wrong-password"),
            basic("nobody", "alice-password"),
            basic("alice", "x".repeat(100)))) {
      SECURED
          .get()
          .uri("/jobs")
          .header(HttpHeaders.AUTHORIZATION, authorization)
          .exchange()
          .expectStatus()
          .isUnauthorized()
          .expectBody()
          .jsonPath("$.message")
          .isEqualTo("invalid credentials");
    }
  }

  @Test
  void aKeyActsAsAnAdmin() {
    get("/jobs", "Bearer " + KEY).expectStatus().isOk().expectBody(String.class).isEqualTo("admin");
    get("/nodes", "Bearer " + KEY).expectStatus().isOk();
    get("/metrics", "bearer " + KEY).expectStatus().isOk();
    // no CSRF token is asked for: credentials come with each request, never in a cookie
    SECURED
        .post()
        .uri("/jobs")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void aUserSignsInWithBasicAndIsRefusedTheAdminRoutesWith403() {
    get("/jobs", basic("alice", "alice-password"))
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .isEqualTo("alice");
    for (String path : List.of("/nodes", "/metrics")) {
      get(path, basic("alice", "alice-password"))
          .expectStatus()
          .isForbidden()
          .expectBody()
          .jsonPath("$.message")
          .isEqualTo(SecurityAnswers.ADMIN_ONLY);
    }
  }

  @Test
  void aUserWithTheAdminRoleIsAnAdmin() {
    get("/nodes", basic("root", "root-password")).expectStatus().isOk();
  }

  @Test
  void healthAndTheUisFilesAreOpen() {
    SECURED.get().uri("/health").exchange().expectStatus().isOk();
    SECURED.get().uri("/ui/index.html").exchange().expectStatus().isOk();
    // but not to other methods
    SECURED.method(HttpMethod.DELETE).uri("/health").exchange().expectStatus().isUnauthorized();
  }

  @Test
  void overTheRateLimitIs429WithRetryAfter() {
    WebTestClient limited = client(new SecuritySettings(List.of(KEY), 3, List.of()));
    for (int i = 0; i < 3; i++) {
      limited.get().uri("/health").exchange().expectStatus().isOk();
    }
    limited
        .get()
        .uri("/health")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
        .expectHeader()
        .valueEquals("Retry-After", "1")
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo("too many requests: at most 3 a second from one client");
    // the UI's files are not counted
    limited.get().uri("/ui/index.html").exchange().expectStatus().isOk();
  }

  @Test
  void onlyTheGivenOriginsMayCallFromABrowser() {
    // An origin is compared with the request's own: the request needs a host, as a real one has.
    String jobs = "http://localhost:3000/jobs";
    WebTestClient cors =
        client(new SecuritySettings(List.of(KEY), 0, List.of("https://ui.example.com")));
    cors.options()
        .uri(jobs)
        .header(HttpHeaders.ORIGIN, "https://ui.example.com")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://ui.example.com");
    cors.options()
        .uri(jobs)
        .header(HttpHeaders.ORIGIN, "https://evil.example.com")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .exchange()
        .expectStatus()
        .isForbidden();
    cors.get()
        .uri(jobs)
        .header(HttpHeaders.ORIGIN, "https://ui.example.com")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://ui.example.com");
    // without --cors-origin no origin is allowed
    SECURED
        .get()
        .uri(jobs)
        .header(HttpHeaders.ORIGIN, "https://ui.example.com")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
        .exchange()
        .expectHeader()
        .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
  }

  @Test
  void withAuthenticationOffUsersCannotBeMadeForTheyCouldNotSignIn() {
    WebTestClient users =
        WebTestClient.bindToRouterFunction(
                UserRoutes.routes(
                    UserDirectory.of(List.of()), FAST, false, java.time.Clock.systemUTC()))
            .build();
    users
        .post()
        .uri("/users")
        .bodyValue("{\"username\": \"bob\", \"password\": \"12345678\"}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo("users sign in only with authentication on: start the API with --api-key");
    users.get().uri("/users").exchange().expectStatus().isOk().expectBody().json("[]");
  }

  @Test
  void aNewUsersFieldsAreCheckedOneByOne() {
    assertThat(
            NewUser.parse(
                "{\"username\": \"bob\", \"password\": \"12345678\", \"roles\": [\"ops\"]}"
                    .getBytes()))
        .extracting(NewUser::username, NewUser::roles)
        .containsExactly("bob", List.of("ops"));
    for (var bad :
        java.util.Map.of(
                "[]",
                "body: is not a JSON object",
                "{\"password\": \"12345678\"}",
                "username: is required",
                "{\"username\": \"Guest\", \"password\": \"12345678\"}",
                "username: 'Guest' is reserved",
                "{\"username\": \"bob\"}",
                "password: is required",
                "{\"username\": \"bob\", \"password\": \"%s\"}".formatted("x".repeat(73)),
                "password: must be at least 8 characters and at most 72 bytes",
                "{\"username\": \"bob\", \"password\": \"12345678\", \"roles\": [\"Ops!\"]}",
                "roles[0]: must be 1 to 64 lowercase letters",
                "{\"username\": \"bob\", \"password\": 12345678}",
                "password: must be a string")
            .entrySet()) {
      assertThatThrownBy(() -> NewUser.parse(bad.getKey().getBytes()))
          .as(bad.getKey())
          .isInstanceOf(NewUser.Invalid.class)
          .hasMessageStartingWith(bad.getValue());
    }
    // what a log line or an exception could print of a new user: never the password
    assertThat(
            NewUser.parse("{\"username\": \"bob\", \"password\": \"secret-pass\"}".getBytes())
                .toString())
        .doesNotContain("secret-pass");
  }

  @Test
  void aShortKeyIsRefusedAtStart() {
    assertThatThrownBy(() -> new ApiKeys(List.of("short")))
        .hasMessageContaining("at least 16 printable characters");
  }

  private static WebTestClient.ResponseSpec get(String path, String authorization) {
    return SECURED.get().uri(path).header(HttpHeaders.AUTHORIZATION, authorization).exchange();
  }

  private static String basic(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
