package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.gateway.security.ApiAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI client end to end: {@code bin/tork run|jobs|logs|queues|nodes|health} as a user types
 * them, against the standalone engine (real broker, real Docker), through {@code TORK_SERVER}. The
 * engine asks for an API key, which every command sends from {@code TORK_API_KEY} (issue 18).
 */
class ClientIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Path TORK = Path.of("../../bin/tork").toAbsolutePath().normalize();
  private static final Pattern SUBMITTED = Pattern.compile("job ([0-9a-f]{32}) submitted");
  private static final String COUNT =
      """
      name: cli counts
      tasks:
      - name: count
        image: ubuntu:mantic
        run: |
          for i in 1 2 3; do echo "line $i"; echo $((i * 33)) > $TORK_PROGRESS; sleep 1; done
      - name: answer
        image: ubuntu:mantic
        run: echo -n 42 > $TORK_OUTPUT
      """;

  private static final String KEY = "client-it-key-0123456789";

  @RegisterExtension
  static final StandaloneEngine engine =
      StandaloneEngine.docker()
          .options(o -> o.withAccess(ApiAccess.LOOPBACK.withApiKeys(List.of(KEY))))
          .checkNoContainersLeft();

  static final TorkApi api = engine.api().as(TorkApi.bearer(KEY));
  @TempDir static Path files;

  record Run(int exit, String out, String err) {}

  /** A running {@code bin/tork}, its output in files that grow as it prints. */
  record Started(Process process, Path out, Path err) {
    String output() throws IOException {
      return Files.readString(out);
    }

    void awaitOutput(String text) throws IOException {
      try {
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> output().contains(text));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "no '" + text + "' in: " + output() + "\nstderr: " + Files.readString(err), e);
      }
    }

    Run await() throws Exception {
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("bin/tork did not end: " + output());
      }
      return new Run(process.exitValue(), output(), Files.readString(err));
    }
  }

  private static Started start(String... args) throws IOException {
    return startWithKey(KEY, args);
  }

  /** {@code bin/tork} with {@code TORK_API_KEY=key} (none when empty). */
  private static Started startWithKey(String key, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(TORK.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(files, "out", ".txt");
    Path err = Files.createTempFile(files, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("TORK_SERVER", "http://127.0.0.1:" + engine.port());
    builder.environment().remove("TORK_API_KEY");
    if (!key.isEmpty()) {
      builder.environment().put("TORK_API_KEY", key);
    }
    return new Started(builder.start(), out, err);
  }

  private static Run tork(String... args) throws Exception {
    return start(args).await();
  }

  @Test
  void withoutTheKeyOrWithAWrongOneEveryCommandSaysWhyAndExitsOne() throws Exception {
    Run none = startWithKey("", "jobs", "list").await();
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("authentication required");
    Run wrong = startWithKey("not-the-key-0123456789", "queues").await();
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.err()).contains("invalid credentials");
    Run flag = startWithKey("", "queues", "--api-key", KEY).await();
    assertThat(flag.exit()).as(flag.err()).isZero();
    // health is open: it answers without a key
    assertThat(startWithKey("", "health").await().exit()).isZero();
  }

  private static String file(String name, String content) throws IOException {
    return Files.writeString(files.resolve(name), content).toString();
  }

  private static String submittedId(String output) {
    Matcher m = SUBMITTED.matcher(output);
    assertThat(m.find()).as(output).isTrue();
    return m.group(1);
  }

  @Test
  void runFollowsTheJobToItsEndWithStatesProgressAndLogLines() throws Exception {
    Run run = tork("run", file("count.yaml", COUNT));
    assertThat(run.exit()).as(run.toString()).isZero();
    String id = submittedId(run.out());
    assertThat(run.out())
        .contains("count  RUNNING", "count | line 1", "count | line 3", "count  [", "%")
        .contains("answer  COMPLETED", "job cli counts: COMPLETED")
        .containsPattern("job " + id + " COMPLETED in [0-9.]+ s\\n$");
    assertThat(run.out().indexOf("count | line 1")).isLessThan(run.out().indexOf("line 3"));
    assertThat(api.state(id)).isEqualTo("COMPLETED");
  }

  @Test
  void exitCodesSayHowTheJobEnded() throws Exception {
    Run failed =
        tork(
            "run",
            "--quiet",
            file(
                "fail.yaml",
                "name: cli fails\ntasks:\n- name: boom\n  image: ubuntu:mantic\n  run: exit 3\n"));
    assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
    assertThat(failed.out()).contains("boom  FAILED", "FAILED in");

    Started sleeping =
        start(
            "run",
            file(
                "sleep.yaml",
                "name: cli sleeps\ntasks:\n- name: nap\n  image: ubuntu:mantic\n  run: sleep 60\n"));
    sleeping.awaitOutput("nap  RUNNING");
    Run cancel = tork("jobs", "cancel", submittedId(sleeping.output()));
    assertThat(cancel.exit()).as(cancel.toString()).isZero();
    assertThat(cancel.out()).isEqualTo("OK\n");
    Run cancelled = sleeping.await();
    assertThat(cancelled.exit()).as(cancelled.toString()).isEqualTo(2);
    assertThat(cancelled.out()).contains("CANCELLED");
    Run deleted = tork("jobs", "delete", submittedId(sleeping.output()));
    assertThat(deleted.exit()).as(deleted.toString()).isZero();
    assertThat(deleted.out()).isEqualTo("OK\n");

    Run refused = tork("run", file("bad.yaml", "name: cli bad\ntasks: []\n"));
    assertThat(refused.exit()).isEqualTo(3);
    assertThat(refused.err()).contains("refused: tasks: must contain at least one task");

    Run unreachable =
        tork("jobs", "list", "--server", "http://127.0.0.1:" + ChildProcess.freePort());
    assertThat(unreachable.exit()).isEqualTo(3);
    assertThat(unreachable.err()).contains("cannot reach", "connection refused");
    assertThat(tork("jobs", "get", "f".repeat(32)).exit()).isEqualTo(1);
  }

  @Test
  void jsonOutputIsForScripts() throws Exception {
    Run run = tork("run", "-o", "json", file("hello.yaml", StandaloneIT.HELLO));
    assertThat(run.exit()).as(run.toString()).isZero();
    JsonNode job = JSON.readTree(run.out());
    assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
    assertThat(job.path("execution")).hasSize(2);
    assertThat(run.err()).contains("say hello  COMPLETED"); // people's lines on stderr
    String id = job.path("id").asString();

    JsonNode got = JSON.readTree(tork("jobs", "get", id, "-o", "json").out());
    assertThat(got.path("id").asString()).isEqualTo(id);
    JsonNode list = JSON.readTree(tork("jobs", "list", "-o", "json", "-q", "hello").out());
    assertThat(list.path("items").findValuesAsString("id")).contains(id);
    Run table = tork("jobs", "list", "--state", "completed");
    assertThat(table.out()).startsWith("ID").contains(id, "hello job", "COMPLETED");
    assertThat(JSON.readTree(tork("queues", "-o", "json").out()).findValuesAsString("name"))
        .contains("default");
    assertThat(tork("nodes").out()).contains("worker", "UP", "default:4");
    Run health = tork("health");
    assertThat(health.exit()).isZero();
    assertThat(health.out().lines()).hasSize(1).first().asString().endsWith("UP");
  }

  @Test
  void logsOfAJobOfATaskAndFollowed() throws Exception {
    Run detached = tork("run", "--detach", file("count2.yaml", COUNT));
    assertThat(detached.exit()).isZero();
    String id = detached.out().strip();
    assertThat(id).matches("[0-9a-f]{32}");
    Run followed = tork("logs", id, "--follow");
    assertThat(followed.exit()).as(followed.toString()).isZero();
    assertThat(followed.out()).contains("count | line 1\n", "count | line 2\n", "count | line 3\n");
    assertThat(api.state(id)).isEqualTo("COMPLETED"); // --follow returned once the job ended

    assertThat(tork("logs", id).out())
        .isEqualTo("count | line 1\ncount | line 2\ncount | line 3\n");
    String taskId = api.job(id).path("execution").get(0).path("id").asString();
    assertThat(tork("logs", taskId).out()).isEqualTo("line 1\nline 2\nline 3\n");
    JsonNode parts = JSON.readTree(tork("logs", taskId, "-o", "json").out());
    assertThat(parts).hasSize(3);
    assertThat(parts.get(0).path("contents").asString()).isEqualTo("line 1\n");
  }

  /**
   * Ctrl-C while {@code run} follows a job. SIGINT and SIGTERM both run the JVM's shutdown hooks,
   * where the client handles the interruption; a process started in the background may ignore
   * SIGINT, so the test sends SIGTERM.
   */
  @Test
  void anInterruptStopsFollowingOrCancelsTheJob() throws Exception {
    String nap =
        file(
            "nap.yaml",
            "name: cli naps\ntasks:\n- name: nap\n  image: ubuntu:mantic\n  run: sleep 60\n");
    Started following = start("run", nap);
    following.awaitOutput("nap  RUNNING");
    following.process().destroy();
    Run stopped = following.await();
    assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(130);
    String id = submittedId(stopped.out());
    assertThat(stopped.out()).contains("stopped following job " + id + " (it goes on)");
    assertThat(api.state(id)).isEqualTo("RUNNING");
    assertThat(api.put("/jobs/" + id + "/cancel").status()).isEqualTo(200);

    Started cancelling = start("run", "--cancel-on-interrupt", nap);
    cancelling.awaitOutput("nap  RUNNING");
    cancelling.process().destroy();
    Run cancelled = cancelling.await();
    assertThat(cancelled.exit()).as(cancelled.toString()).isEqualTo(2);
    String second = submittedId(cancelled.out());
    await().atMost(Duration.ofSeconds(30)).until(() -> api.state(second), "CANCELLED"::equals);
  }

  @Test
  void logsFollowedAsJsonLines() throws Exception {
    String id = tork("run", "--detach", file("count3.yaml", COUNT)).out().strip();
    Run followed = tork("logs", id, "--follow", "-o", "json");
    assertThat(followed.exit()).as(followed.toString()).isZero();
    List<String> contents = new ArrayList<>();
    for (String line : followed.out().strip().split("\n")) {
      contents.add(JSON.readTree(line).path("contents").asString());
    }
    assertThat(contents).containsExactly("line 1\n", "line 2\n", "line 3\n");
  }
}
