package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.gateway.security.ApiAccess;
import io.tork.model.Access;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import tools.jackson.databind.JsonNode;

/**
 * Authentication and authorization end to end (issue 18, ADR 42): one standalone engine with an API
 * key, a rate limit and a CORS origin, and users made through {@code POST /users}. The matrix (no
 * credentials, wrong ones, the key, each user) over the job routes and the admin ones; who sees and
 * acts on which job, by owner, by permission (user and role), through sub-jobs, scheduled jobs and
 * a document produced straight to the jobs topic; the web UI's sign-in in a real browser; and a
 * process that refuses to start open to the network.
 */
class AuthIT {
  private static final String KEY = "auth-it-key-0123456789abcdef";
  private static final String ORIGIN = "https://ui.example.com";
  private static final int RATE = 50;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static final StandaloneEngine engine =
      StandaloneEngine.docker()
          .options(
              o -> o.withAccess(new ApiAccess("127.0.0.1", List.of(KEY), RATE, List.of(ORIGIN))))
          .checkNoContainersLeft();

  static final TorkApi anonymous = engine.api();
  static final TorkApi admin = anonymous.as(TorkApi.bearer(KEY));
  static TorkApi alice; // roles: ops
  static TorkApi bob; // no roles
  static TorkApi carol; // no roles
  static TorkApi root; // roles: admin

  @BeforeAll
  static void makeUsers() {
    alice = user("alice", "ops");
    bob = user("bob");
    carol = user("carol");
    root = user("root", "admin");
  }

  private static TorkApi user(String name, String... roles) {
    String password = name + "-password";
    StringBuilder body =
        new StringBuilder("{\"username\": \"" + name + "\", \"password\": \"" + password + "\"");
    body.append(", \"name\": \"").append(name.toUpperCase()).append("\", \"roles\": [");
    for (int i = 0; i < roles.length; i++) {
      body.append(i == 0 ? "" : ", ").append('"').append(roles[i]).append('"');
    }
    body.append("]}");
    TorkApi.Response created = admin.post("/users", "application/json", body.toString());
    assertThat(created.status()).as("POST /users %s: %s", name, created).isEqualTo(200);
    assertThat(created.body().path("username").asString()).isEqualTo(name);
    return anonymous.as(TorkApi.basic(name, password));
  }

  private static String job(TorkApi as, String name, String extra) {
    TorkApi.Response response =
        as.post(
            "/jobs",
            "text/yaml",
            """
            name: %s
            %s
            tasks:
            - name: say hi
              image: alpine:3.18.3
              run: echo -n hi from %s
            """
                .formatted(name, extra, name));
    assertThat(response.status()).as("submit %s: %s", name, response).isEqualTo(200);
    return response.body().path("id").asString();
  }

  // Polls what a rate-limited caller may ask: an answer of 429 is one more try, not a failure.
  private static void awaitEnded(String id) {
    await()
        .atMost(WAIT)
        .until(() -> admin.get("/jobs/" + id).body().path("state").asString(), "COMPLETED"::equals);
  }

  private static Set<String> listed(TorkApi as, String q) {
    TorkApi.Response page =
        as.get("/jobs?size=20" + (q.isEmpty() ? "" : "&q=" + q.replace(" ", "+")));
    assertThat(page.status()).as("GET /jobs: %s", page).isEqualTo(200);
    Set<String> ids = new java.util.HashSet<>();
    page.body().path("items").forEach(item -> ids.add(item.path("id").asString()));
    return ids;
  }

  @Test
  void withoutCredentialsOnlyHealthAndTheUiAnswer() throws Exception {
    for (String path : List.of("/jobs", "/jobs/x", "/nodes", "/queues", "/users", "/metrics")) {
      TorkApi.Response response = anonymous.get(path);
      assertThat(response.status()).as(path).isEqualTo(401);
      assertThat(response.body().path("message").asString()).startsWith("authentication required");
    }
    assertThat(anonymous.post("/jobs", "text/yaml", "name: x").status()).isEqualTo(401);
    assertThat(anonymous.get("/health").status()).isEqualTo(200);
    for (String path : List.of("/ui/", "/ui/jobs", "/ui/js/app.js", "/ui/examples.json")) {
      assertThat(raw("GET", path, Map.of()).statusCode()).as(path).isEqualTo(200);
    }
    assertThat(raw("GET", "/", Map.of()).statusCode()).isEqualTo(307);
    String example = anonymous.get("/ui/examples.json").body().get(0).asString();
    assertThat(raw("GET", "/ui/examples/" + example, Map.of()).statusCode()).isEqualTo(200);
    // the API's description, and how it says to sign in
    TorkApi.Response docs = anonymous.get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    assertThat(
            docs.body()
                .path("components")
                .path("securitySchemes")
                .path("apiKey")
                .path("scheme")
                .asString())
        .isEqualTo("bearer");
    assertThat(docs.body().path("paths").path("/users").has("post")).isTrue();
    assertThat(raw("GET", "/swagger-ui.html", Map.of()).statusCode()).isIn(200, 302, 307);

    HttpResponse<String> challenged = raw("GET", "/jobs", Map.of());
    assertThat(challenged.headers().allValues("WWW-Authenticate"))
        .anyMatch(v -> v.startsWith("Basic realm=\"tork\""))
        .anyMatch(v -> v.startsWith("Bearer"));
    // the web UI's requests: no Basic challenge, so that no browser dialog opens
    assertThat(
            raw("GET", "/jobs", Map.of("X-Requested-With", "XMLHttpRequest"))
                .headers()
                .allValues("WWW-Authenticate"))
        .containsExactly("Bearer realm=\"tork\"");
  }

  @Test
  void wrongCredentialsAre401AndAUserOnAnAdminRouteIs403() {
    for (TorkApi wrong :
        List.of(
            anonymous.as(TorkApi.bearer(KEY + "x")),
            anonymous.as(TorkApi.basic("alice", "not-her-password")),
            anonymous.as(TorkApi.basic("mallory", "alice-password")))) {
      TorkApi.Response response = wrong.get("/jobs");
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.body().path("message").asString()).isEqualTo("invalid credentials");
    }
    for (String path : List.of("/nodes", "/queues", "/users", "/metrics")) {
      assertThat(admin.get(path).status()).as("key on %s", path).isEqualTo(200);
      assertThat(root.get(path).status()).as("an admin user on %s", path).isEqualTo(200);
      for (TorkApi user : List.of(alice, bob)) {
        TorkApi.Response response = user.get(path);
        assertThat(response.status()).as("user on %s", path).isEqualTo(403);
        assertThat(response.body().path("message").asString())
            .isEqualTo("forbidden: only an admin may do this");
      }
    }
    assertThat(alice.post("/users", "application/json", "{}").status()).isEqualTo(403);
    assertThat(alice.delete("/users/bob").status()).isEqualTo(403);
  }

  @Test
  void usersAreListedWithoutTheirPasswordsAndTheirNamesAreChecked() {
    JsonNode users = admin.get("/users").body();
    assertThat(
            StreamSupport.stream(users.spliterator(), false)
                .map(u -> u.path("username").asString()))
        .contains("alice", "bob", "carol", "root");
    assertThat(users.toString())
        .doesNotContain("alice-password")
        .doesNotContain("$2a$")
        .doesNotContain("passwordHash");
    JsonNode aliceShown =
        StreamSupport.stream(users.spliterator(), false)
            .filter(u -> u.path("username").asString().equals("alice"))
            .findFirst()
            .orElseThrow();
    assertThat(aliceShown.path("roles").get(0).asString()).isEqualTo("ops");
    assertThat(aliceShown.path("name").asString()).isEqualTo("ALICE");

    assertThat(post("/users", "{\"username\": \"alice\", \"password\": \"another-one\"}"))
        .isEqualTo("user already exists");
    assertThat(post("/users", "{\"username\": \"admin\", \"password\": \"12345678\"}"))
        .isEqualTo("username: 'admin' is reserved");
    assertThat(post("/users", "{\"username\": \"dave\", \"password\": \"short\"}"))
        .startsWith("password: must be at least 8 characters");
    assertThat(post("/users", "{\"username\": \"a:b\", \"password\": \"12345678\"}"))
        .startsWith("username: must be");
    assertThat(post("/users", "{\"username\": \"dave\", \"password\": \"12345678\", \"x\": 1}"))
        .startsWith("x: is not a field of a user");

    // a user made and deleted: signs in, then does not
    assertThat(
            admin
                .post(
                    "/users",
                    "application/json",
                    "{\"username\": \"temp\", \"password\": \"temp-password\"}")
                .status())
        .isEqualTo(200);
    TorkApi temp = anonymous.as(TorkApi.basic("temp", "temp-password"));
    assertThat(temp.get("/jobs").status()).isEqualTo(200);
    assertThat(admin.delete("/users/temp").status()).isEqualTo(200);
    assertThat(temp.get("/jobs").status()).isEqualTo(401);
    assertThat(admin.delete("/users/temp").status()).isEqualTo(404);
  }

  private static String post(String path, String json) {
    TorkApi.Response response = admin.post(path, "application/json", json);
    assertThat(response.status()).as("%s", response).isEqualTo(400);
    return response.body().path("message").asString();
  }

  @Test
  void eachCallerSeesAndActsOnTheirOwnJobsAndThoseSharedWithThem() {
    String ofAlice = job(alice, "vis alices", "");
    String sharedWithOps = job(bob, "vis shared with ops", "permissions: [{role: ops}]");
    String sharedWithCarol = job(bob, "vis shared with carol", "permissions: [{user: carol}]");
    String ofBob = job(bob, "vis bobs own", "");
    String ofTheKey = job(admin, "vis the keys", "");
    List.of(ofAlice, sharedWithOps, sharedWithCarol, ofBob, ofTheKey).forEach(AuthIT::awaitEnded);

    assertThat(alice.get("/jobs/" + ofAlice).body().path("createdBy").path("username").asString())
        .isEqualTo("alice");
    assertThat(admin.get("/jobs/" + ofTheKey).body().path("createdBy").path("username").asString())
        .isEqualTo(Access.ADMIN);
    assertThat(listed(alice, "vis")).containsExactlyInAnyOrder(ofAlice, sharedWithOps);
    assertThat(listed(bob, "vis")).containsExactlyInAnyOrder(sharedWithOps, sharedWithCarol, ofBob);
    assertThat(listed(carol, "vis")).containsExactly(sharedWithCarol);
    assertThat(listed(alice, "tag:none")).isEmpty();
    assertThat(listed(alice, "completed")).contains(ofAlice).doesNotContain(ofBob, ofTheKey);
    assertThat(listed(admin, "vis"))
        .contains(ofAlice, sharedWithOps, sharedWithCarol, ofBob, ofTheKey);
    assertThat(listed(root, "vis")).contains(ofAlice, ofBob, ofTheKey);
    assertThat(alice.get("/jobs?size=20&q=vis").body().path("totalItems").asInt()).isEqualTo(2);

    // a job shared with a role reads whole for a user of that role, records and log included
    assertThat(alice.get("/jobs/" + sharedWithOps).status()).isEqualTo(200);
    String task =
        alice.get("/jobs/" + sharedWithOps).body().path("execution").get(0).path("id").asString();
    assertThat(alice.get("/tasks/" + task).status()).isEqualTo(200);
    assertThat(alice.get("/jobs/" + sharedWithOps + "/tasks").status()).isEqualTo(200);
    assertThat(alice.get("/jobs/" + sharedWithOps + "/log").status()).isEqualTo(200);

    // for anyone else a job does not exist: every route answers 404, nothing is done
    String bobsTask =
        admin.get("/jobs/" + ofBob).body().path("execution").get(0).path("id").asString();
    for (String path :
        List.of(
            "/jobs/" + ofBob,
            "/job/" + ofBob,
            "/jobs/" + ofBob + "/tasks",
            "/jobs/" + ofBob + "/log",
            "/jobs/" + ofBob + "/events",
            "/tasks/" + bobsTask,
            "/tasks/" + bobsTask + "/log",
            "/tasks/" + bobsTask + "/log?follow=true")) {
      TorkApi.Response response = alice.get(path);
      assertThat(response.status()).as("alice GET %s", path).isEqualTo(404);
      assertThat(response.body().path("message").asString()).endsWith("not found");
    }
    assertThat(alice.put("/jobs/" + ofBob + "/restart").status()).isEqualTo(404);
    assertThat(alice.put("/jobs/" + ofBob + "/cancel").status()).isEqualTo(404);
    assertThat(carol.get("/jobs/" + ofAlice).status()).isEqualTo(404);
    // ...while its owner and a user it names act on it
    assertThat(bob.put("/jobs/" + ofBob + "/restart").body().path("message").asString())
        .isEqualTo("job is COMPLETED and can not be restarted");
    assertThat(carol.put("/jobs/" + sharedWithCarol + "/cancel").body().path("message").asString())
        .isEqualTo("job is not running");
  }

  @Test
  void aSubJobIsItsParentsOwnersWithItsParentsPermissions() {
    String withChild =
        submit(
            bob,
            """
            name: sub with a child
            permissions: [{user: carol}]
            tasks:
            - name: run the child
              subjob:
                name: sub the child
                tasks:
                - name: inner
                  image: alpine:3.18.3
                  run: echo -n inner
            """);
    awaitEnded(withChild);
    String child =
        admin.get("/jobs/" + withChild).body().path("execution").get(0).path("subJobId").asString();
    assertThat(child).isNotBlank();
    JsonNode shown = carol.get("/jobs/" + child).body();
    assertThat(shown.path("createdBy").path("username").asString()).isEqualTo("bob");
    assertThat(shown.path("permissions").get(0).path("user").asString()).isEqualTo("carol");
    assertThat(listed(carol, "child")).contains(child);
    assertThat(bob.get("/jobs/" + child).status()).isEqualTo(200);
    assertThat(alice.get("/jobs/" + child).status()).isEqualTo(404);
    assertThat(listed(alice, "child")).doesNotContain(child);
  }

  private static String submit(TorkApi as, String yaml) {
    TorkApi.Response response = as.post("/jobs", "text/yaml", yaml);
    assertThat(response.status()).as("%s", response).isEqualTo(200);
    return response.body().path("id").asString();
  }

  @Test
  void scheduledJobsAreTheirCreatorsAndTheirRunsToo() {
    TorkApi.Response created =
        alice.post(
            "/scheduled-jobs",
            "text/yaml",
            """
            name: auth yearly
            schedule: {cron: "0 0 1 1 *"}
            tasks: [{name: t, image: alpine:3.18.3, run: "true"}]
            """);
    assertThat(created.status()).as("%s", created).isEqualTo(200);
    String id = created.body().path("id").asString();
    assertThat(created.body().path("createdBy").path("username").asString()).isEqualTo("alice");
    await().atMost(WAIT).until(() -> alice.get("/scheduled-jobs/" + id).status() == 200);
    assertThat(bob.get("/scheduled-jobs/" + id).status()).isEqualTo(404);
    assertThat(bob.put("/scheduled-jobs/" + id + "/pause").status()).isEqualTo(404);
    assertThat(bob.delete("/scheduled-jobs/" + id).status()).isEqualTo(404);
    assertThat(ids(bob.get("/scheduled-jobs?size=20").body())).doesNotContain(id);
    assertThat(ids(alice.get("/scheduled-jobs?size=20").body())).contains(id);
    assertThat(ids(admin.get("/scheduled-jobs?size=20").body())).contains(id);
    assertThat(alice.delete("/scheduled-jobs/" + id).status()).isEqualTo(200);
  }

  private static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("items").forEach(item -> out.add(item.path("id").asString()));
    return out;
  }

  @Test
  void aDocumentProducedToTheJobsTopicIsWhoeverItsCreatedByHeaderNames() throws Exception {
    String id = io.tork.model.JobIds.random();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, engine.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      ProducerRecord<String, String> record =
          new ProducerRecord<>(
              "tork.jobs",
              id,
              "name: topic job\ntasks: [{name: t, image: alpine:3.18.3, run: \"true\"}]\n");
      record.headers().add("content-type", "text/yaml".getBytes(StandardCharsets.UTF_8));
      record.headers().add(Access.CREATED_BY_HEADER, "carol".getBytes(StandardCharsets.UTF_8));
      producer.send(record).get();
    }
    await().atMost(WAIT).until(() -> carol.get("/jobs/" + id).status() == 200);
    assertThat(carol.get("/jobs/" + id).body().path("createdBy").path("username").asString())
        .isEqualTo("carol");
    assertThat(alice.get("/jobs/" + id).status()).isEqualTo(404);
    awaitEnded(id);
  }

  @Test
  void onlyTheGivenOriginMayCallFromABrowser() throws Exception {
    HttpResponse<String> preflight =
        raw(
            "OPTIONS",
            "/jobs",
            Map.of(
                "Origin", ORIGIN,
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type"));
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
    HttpResponse<String> other =
        raw(
            "OPTIONS",
            "/jobs",
            Map.of(
                "Origin", "https://elsewhere.example.com", "Access-Control-Request-Method", "GET"));
    assertThat(other.statusCode()).isEqualTo(403);
    HttpResponse<String> read =
        raw("GET", "/jobs", Map.of("Origin", ORIGIN, "Authorization", TorkApi.bearer(KEY)));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
  }

  @Test
  void overTheRateLimitAClientIsAnswered429() throws Exception {
    int limited = 0;
    String message = "";
    for (int i = 0; i < 4 * RATE; i++) {
      TorkApi.Response response = anonymous.get("/health");
      if (response.status() == 429) {
        limited++;
        message = response.body().path("message").asString();
      }
    }
    assertThat(limited).isGreaterThan(0);
    assertThat(message)
        .isEqualTo("too many requests: at most " + RATE + " a second from one client");
    // the UI's files are not counted; and within a second the client may call again
    assertThat(raw("GET", "/ui/", Map.of()).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).until(() -> anonymous.get("/health").status() == 200);
  }

  @Test
  void theWebUiSignsInWithAKeyAndWithAUsersPassword(@TempDir Path profile) throws Exception {
    Browser.requireChromium();
    String ofAlice = job(alice, "ui alices", "");
    String ofBob = job(bob, "ui bobs", "");
    try (Browser browser = Browser.open(engine.port(), profile.resolve("key"))) {
      browser.go("/ui/");
      awaitElement(browser, "#signin input[name=apiKey]")
          .sendKeys("not-the-key-0123456789", Keys.ENTER);
      await().atMost(WAIT).until(() -> browser.text("#signin .error").contains("refused"));
      awaitElement(browser, "#signin input[name=apiKey]")
          .sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
      awaitElement(browser, "#signin input[name=apiKey]").sendKeys(KEY, Keys.ENTER);
      awaitElement(browser, "tr[data-job='" + ofBob + "']");
      assertThat(browser.first("tr[data-job='" + ofAlice + "']")).isNotNull();
      browser.screenshot("authSignInWithAKey");
      assertThat(browser.consoleErrors()).isEmpty();
    }
    try (Browser browser = Browser.open(engine.port(), profile.resolve("user"))) {
      browser.go("/ui/");
      awaitElement(browser, "#signin");
      browser.driver().findElement(By.xpath("//button[@role='tab'][contains(., 'User')]")).click();
      awaitElement(browser, "#signin input[name=username]").sendKeys("alice");
      awaitElement(browser, "#signin input[name=password]").sendKeys("alice-password", Keys.ENTER);
      awaitElement(browser, "tr[data-job='" + ofAlice + "']");
      assertThat(browser.first("tr[data-job='" + ofBob + "']")).as("bob's job").isNull();
      // a job of someone else's, by its address: not found
      browser.go("/ui/jobs/" + ofBob);
      await()
          .atMost(WAIT)
          .until(
              () -> browser.text("main").matches("(?is).*(no job with this id|job not found).*"));
      browser.screenshot("authSignInWithAPassword");
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  private static org.openqa.selenium.WebElement awaitElement(Browser browser, String css) {
    return await().atMost(WAIT).until(() -> browser.first(css), e -> e != null);
  }

  @Test
  void offLoopbackWithoutAKeyAProcessRefusesToStartInOneLine(@TempDir Path dir) throws Exception {
    ChildProcess process =
        ChildProcess.start(
            dir.resolve("refused.log"),
            "standalone",
            "--host",
            "0.0.0.0",
            "--port",
            "0",
            "--kafka-port",
            "0",
            "--data-dir",
            dir.resolve("data").toString());
    try {
      assertThat(process.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(process.output().strip())
          .isEqualTo(
              "tork standalone: refusing to serve the API on 0.0.0.0 without authentication:"
                  + " give --api-key KEY (or TORK_API_KEY, --api-keys-file), or --insecure-no-auth"
                  + " to let anyone who reaches it run containers");
    } finally {
      process.kill();
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> raw(String method, String path, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.port() + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
