package io.tork.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.gateway.core.InMemoryJobCommands;
import io.tork.gateway.core.InMemoryViews;
import io.tork.model.CancelJob;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.RestartJob;
import io.tork.model.ScheduleCommand;
import io.tork.model.ScheduledJob;
import io.tork.model.ScheduledJob.ScheduledJobState;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.TaskState;
import io.tork.model.codec.JobDocuments;
import io.tork.model.codec.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The job routes over the gateway's ports, in memory: what each route answers for what the view
 * holds, who sees what, the secrets never shown, and what is sent to the engine. No broker, no
 * store: each test is what a handler does with its ports.
 */
class JobRoutesTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final String SECRET = "hunter2-secret";

  private final InMemoryViews views = InMemoryViews.loaded();
  private final InMemoryJobCommands commands = new InMemoryJobCommands();
  private final DocumentParsers parsers = new DocumentParsers();

  @AfterEach
  void close() {
    parsers.close();
  }

  /** Authentication off: the guest, who sees everything. */
  private WebTestClient client() {
    return WebTestClient.bindToRouterFunction(routes()).build();
  }

  /** A signed-in user who is no admin. */
  private WebTestClient as(String user) {
    return SignedIn.as(user, routes());
  }

  private org.springframework.web.reactive.function.server.RouterFunction<
          org.springframework.web.reactive.function.server.ServerResponse>
      routes() {
    return JobRoutes.routes(commands, views, Duration.ofMillis(200), views.health(), parsers);
  }

  private static Job job(String id, String createdBy, JobState state, Instant at) {
    String yaml =
        "name: job-"
            + id.substring(0, 4)
            + "\nsecrets: {token: "
            + SECRET
            + "}\ntasks: [{name: t, image: alpine:3.18.3, run: 'true'}]\n";
    return Job.pending(
            id,
            JobDocuments.parse(yaml.getBytes(StandardCharsets.UTF_8), "text/yaml"),
            at,
            createdBy)
        .withState(state);
  }

  private static String id(char c) {
    return String.valueOf(c).repeat(32);
  }

  private static Task task(String jobId, int seq, TaskState state) {
    Task scheduled =
        Task.scheduled(
            String.format("%031d", seq) + jobId.charAt(0),
            jobId,
            seq,
            1,
            1,
            io.tork.model.TaskSpec.of("t", "alpine:3.18.3", "true"),
            "default",
            T0);
    return scheduled.toBuilder().state(state).build();
  }

  @Test
  void aSubmissionIsValidatedOnceSentAsTheValidatedJobAndReadableAtOnce() {
    String body = "name: hello\ntasks: [{name: t, image: alpine:3.18.3, run: 'true'}]\n";
    long read = JobDocuments.documentsRead();
    String answer =
        client()
            .post()
            .uri("/jobs")
            .header("Content-Type", "text/yaml")
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.state")
            .isEqualTo("PENDING")
            .returnResult()
            .toString();
    assertThat(JobDocuments.documentsRead() - read).isOne(); // validated once, here
    String id = commands.submissions().getFirst().jobId();
    assertThat(answer).contains(id);
    InMemoryJobCommands.Submission sent = commands.submissions().getFirst();
    // The engine's own form: the scheduler and the views read it, nobody parses it again.
    assertThat(sent.contentType()).isEqualTo(JobDocuments.ENGINE_JOB);
    Job job = Json.read(sent.document(), Job.class);
    assertThat(job)
        .isEqualTo(
            Job.pending(
                id,
                JobDocuments.parse(body.getBytes(StandardCharsets.UTF_8), "text/yaml"),
                job.createdAt(),
                "guest"));
    assertThat(sent.createdBy()).isEqualTo("guest");
    assertThat(views.submittedJobs()).containsEntry(id, job);
    client().get().uri("/jobs/" + id).exchange().expectStatus().isOk();
  }

  @Test
  void aClusterThatDoesNotAcknowledgeIsA503AndTheJobIsNotServed() {
    commands.failWith(new TimeoutException("no broker"));
    client()
        .post()
        .uri("/jobs")
        .header("Content-Type", "text/yaml")
        .bodyValue("name: j\ntasks: [{name: t, image: alpine:3.18.3, run: 'true'}]\n")
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectBody()
        .jsonPath("$.message")
        .value(m -> assertThat(String.valueOf(m)).startsWith("cannot accept the job now"));
    assertThat(views.submittedJobs()).isEmpty();
  }

  @Test
  void secretsAreRedactedFromTheJobItsRecordsAndItsLogs() {
    String jobId = id('a');
    Task task = task(jobId, 1, TaskState.RUNNING);
    views
        .put(job(jobId, "guest", JobState.RUNNING, T0))
        .put(task)
        .put(new TaskLogPart(jobId, task.id(), 1, "token is " + SECRET + "\n", T0));
    for (String path :
        List.of("/jobs/" + jobId, "/jobs/" + jobId + "/tasks", "/tasks/" + task.id(), "/jobs")) {
      String answer = body(client(), path);
      assertThat(answer).as(path).doesNotContain(SECRET).contains(jobId);
    }
    String log = body(client(), "/tasks/" + task.id() + "/log");
    assertThat(log).doesNotContain(SECRET).contains("token is [REDACTED]");
    assertThat(body(client(), "/jobs/" + jobId + "/log")).doesNotContain(SECRET);
  }

  @Test
  void aJobOfAnotherUserDoesNotExistForThem() {
    String jobId = id('b');
    Task task = task(jobId, 1, TaskState.RUNNING);
    views.put(job(jobId, "alice", JobState.RUNNING, T0)).put(task);
    as("alice").get().uri("/jobs/" + jobId).exchange().expectStatus().isOk();
    WebTestClient bob = as("bob");
    for (String path :
        List.of("/jobs/" + jobId, "/tasks/" + task.id(), "/jobs/" + jobId + "/log")) {
      bob.get().uri(path).exchange().expectStatus().isNotFound();
    }
    bob.put().uri("/jobs/" + jobId + "/cancel").exchange().expectStatus().isNotFound();
    bob.get()
        .uri("/jobs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.totalItems")
        .isEqualTo(0);
    assertThat(commands.commands()).isEmpty();
  }

  @Test
  void onlyAJobThatHasNotEndedIsCancelled() {
    views.put(job(id('c'), "guest", JobState.RUNNING, T0));
    views.put(job(id('d'), "guest", JobState.COMPLETED, T0));
    client().put().uri("/jobs/" + id('c') + "/cancel").exchange().expectStatus().isOk();
    client()
        .put()
        .uri("/jobs/" + id('d') + "/cancel")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo("job is not running");
    assertThat(commands.commands())
        .singleElement()
        .isInstanceOfSatisfying(CancelJob.class, c -> assertThat(c.jobId()).isEqualTo(id('c')));
  }

  @Test
  void onlyAFailedOrCancelledJobIsRestarted() {
    // Failed at its first task: that task is run again.
    views.put(job(id('e'), "guest", JobState.FAILED, T0).toBuilder().position(1).build());
    views.put(job(id('f'), "guest", JobState.RUNNING, T0));
    client().put().uri("/jobs/" + id('e') + "/restart").exchange().expectStatus().isOk();
    client()
        .put()
        .uri("/jobs/" + id('f') + "/restart")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo("job is RUNNING and can not be restarted");
    assertThat(commands.commands())
        .singleElement()
        .isInstanceOfSatisfying(RestartJob.class, c -> assertThat(c.jobId()).isEqualTo(id('e')));
  }

  @Test
  void aMissOnALoadedViewIsA404() {
    client()
        .get()
        .uri("/jobs/" + id('9'))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo("job not found");
  }

  @Test
  void theListIsNewestFirstInPages() {
    views.put(job(id('1'), "guest", JobState.COMPLETED, T0));
    views.put(job(id('2'), "guest", JobState.RUNNING, T0.plusSeconds(1)));
    views.put(job(id('3'), "guest", JobState.RUNNING, T0.plusSeconds(2)));
    client()
        .get()
        .uri("/jobs?size=2")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.items[0].id")
        .isEqualTo(id('3'))
        .jsonPath("$.items[1].id")
        .isEqualTo(id('2'))
        .jsonPath("$.totalItems")
        .isEqualTo(3)
        .jsonPath("$.totalPages")
        .isEqualTo(2);
  }

  @Test
  void aScheduledJobIsPausedOnlyWhileActive() {
    String yaml =
        "name: every-hour\nschedule: {cron: '0 * * * *'}\n"
            + "tasks: [{name: t, image: alpine:3.18.3, run: 'true'}]\n";
    views.put(
        new ScheduledJob(
            id('5'),
            JobDocuments.parseScheduled(yaml.getBytes(StandardCharsets.UTF_8), "text/yaml"),
            ScheduledJobState.ACTIVE,
            T0,
            null,
            "guest"));
    client().put().uri("/scheduled-jobs/" + id('5') + "/pause").exchange().expectStatus().isOk();
    client()
        .put()
        .uri("/scheduled-jobs/" + id('5') + "/resume")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo("scheduled job is not paused");
    assertThat(commands.commands()).singleElement().isInstanceOf(ScheduleCommand.Pause.class);
    client()
        .get()
        .uri("/scheduled-jobs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.items[0].id")
        .isEqualTo(id('5'));
  }

  private static String body(WebTestClient client, String path) {
    return client
        .get()
        .uri(path)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }
}
