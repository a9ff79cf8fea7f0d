package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.model.Sizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The hostile inputs of issue 17 through the real engine (REST, Kafka, scheduler, Docker), with the
 * limits a user gets: each is refused with a 400 or ends its job FAILED naming the limit, the size
 * and the flag, and none stops the engine: a plain job then completes within seconds, also after a
 * restart on the same data dir. One engine for all the cases.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
  static final long began = System.nanoTime(); // before the engine starts
  @RegisterExtension static final StandaloneEngine engine = StandaloneEngine.docker();
  static final TorkApi api = engine.api();

  @AfterAll
  static void took() {
    System.out.printf("HostileInputIT: %.1f s%n", (System.nanoTime() - began) / 1e9);
  }

  /** Submits {@code yaml} (a 200) and waits for the job to end; returns it. */
  private static JsonNode ended(String yaml) {
    return api.awaitEnd(api.submitYaml(yaml));
  }

  private static String refused(String yaml) {
    TorkApi.Response response = api.post("/jobs", "text/yaml", yaml);
    assertThat(response.status()).as("%s", response.body()).isEqualTo(400);
    return response.body().path("message").asString();
  }

  @Test
  @Order(1)
  void theIssuesPoisonPillFailsItsJobNamingTheLimit() {
    // 600 KB to $TORK_OUTPUT, and an output that doubles it: the record that stopped the engine.
    JsonNode job =
        ended(
            """
            name: poison pill
            tasks:
            - name: big output
              image: ubuntu:mantic
              var: a
              run: head -c 600000 /dev/zero | tr '\\0' a > $TORK_OUTPUT
            output: "{{ tasks.a }}{{ tasks.a }}"
            """);
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    assertThat(job.path("error").asString())
        .contains("600000 bytes")
        .contains("over the limit of 262144 (--max-result-size)");
  }

  @Test
  @Order(2)
  void templatesThatRepeatOutputsFailAtTheirLimits() {
    JsonNode result =
        ended(
            """
            name: doubled result
            tasks:
            - name: out
              image: ubuntu:mantic
              var: a
              run: head -c 200000 /dev/zero | tr '\\0' a > $TORK_OUTPUT
            output: "{{ tasks.a }}{{ tasks.a }}"
            """);
    assertThat(result.path("state").asString()).isEqualTo("FAILED");
    assertThat(result.path("error").asString())
        .isEqualTo(
            "output: the value of '{{ tasks.a }}{{ tasks.a }}' is 400000 bytes, over the limit of"
                + " 262144 (--max-job-result-size)");
    JsonNode env =
        ended(
            """
            name: doubled env
            tasks:
            - name: out
              image: ubuntu:mantic
              var: a
              run: head -c 200000 /dev/zero | tr '\\0' a > $TORK_OUTPUT
            - name: uses it twice
              image: ubuntu:mantic
              env: {X: "{{ tasks.a }}{{ tasks.a }}"}
              run: "true"
            """);
    assertThat(env.path("state").asString()).isEqualTo("FAILED");
    assertThat(env.path("error").asString())
        .contains("is 400000 bytes, over the limit of 262144 (--max-value-size)");
  }

  @Test
  @Order(3)
  void aHugeErrorTextIsCutToItsEnd() {
    JsonNode job =
        ended(
            """
            name: long error
            tasks:
            - name: fails loudly
              image: ubuntu:mantic
              run: head -c 900000 /dev/zero | tr '\\0' e; echo; echo the reason; exit 3
            """);
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    String error = job.path("error").asString();
    assertThat(Sizes.utf8(error)).isLessThanOrEqualTo(16 * 1024);
    assertThat(error).contains("the reason");
  }

  @Test
  @Order(4)
  void aHugeFanOutIsRefusedOrFailsFast() {
    assertThat(
            refused(
                """
                name: ten million
                tasks:
                - name: many
                  each:
                    list: "{{ sequence(1, 10000000) }}"
                    task: {name: c, image: ubuntu:mantic, run: "true"}
                """))
        .contains(
            "tasks[0].each.list: sequence(1, 10000000) is 9999999 items, over the limit of 100000"
                + " (--max-sequence)");
    long begin = System.nanoTime();
    JsonNode computed =
        ended(
            """
            name: ten million from an input
            inputs: {n: "10000000"}
            tasks:
            - name: many
              each:
                list: "{{ sequence(1, toInt(inputs.n)) }}"
                task: {name: c, image: ubuntu:mantic, run: "true"}
            """);
    assertThat(computed.path("state").asString()).isEqualTo("FAILED");
    assertThat(computed.path("error").asString())
        .contains(
            "sequence(1, 10000000) is 9999999 items, over the limit of 100000 (--max-sequence)");
    assertThat(computed.path("execution")).hasSize(1);
    String many = "[" + "0,".repeat(149_999) + "0]";
    JsonNode listed =
        ended(
            """
            name: a list too long
            inputs: {list: "%s"}
            tasks:
            - name: many
              each:
                list: "{{ fromJSON(inputs.list) }}"
                task: {name: c, image: ubuntu:mantic, run: "true"}
            """
                .formatted(many));
    assertThat(listed.path("error").asString())
        .isEqualTo("each.list is 150000 items, over the limit of 100000 (--max-tasks-per-job)");
    assertThat((System.nanoTime() - begin) / 1e9).as("fast").isLessThan(30);
  }

  @Test
  @Order(5)
  void documentsThatAskTooMuchAreRefused() {
    assertThat(refused("name: w\nwait: {timeout: 1h}\ntasks: [{name: t, image: ubuntu:mantic}]\n"))
        .contains("wait.timeout is '1h', over the limit of 10m (--max-wait)");
    assertThat(
            refused("name: d\ntasks: [{name: t, image: ubuntu:mantic, timeout: 9999999999999h}]\n"))
        .contains("tasks[0].timeout is '9999999999999h', over the limit of 8784h (--max-duration)");
    TorkApi.Response cron =
        api.post(
            "/scheduled-jobs",
            "text/yaml",
            """
            name: every second
            schedule: {cron: "* * * * * *"}
            tasks: [{name: t, image: ubuntu:mantic}]
            """);
    assertThat(cron.status()).isEqualTo(400);
    assertThat(cron.body().path("message").asString())
        .contains("ticks 1s apart, more often than the limit of one tick every 10s")
        .contains("(--min-cron-interval)");
  }

  @Test
  @Order(6)
  void hostileTemplatesCostTheirLengthAndNoMore() {
    // "{{" and a long run of spaces took seconds of CPU with a backtracking regex; deep nesting.
    String spaces = "{{" + " ".repeat(100_000);
    String deep = "{{ " + "(".repeat(495) + "1" + ")".repeat(495) + " }}";
    long begin = System.nanoTime();
    TorkApi.Response response =
        api.post(
            "/jobs",
            "text/yaml",
            """
            name: hostile templates
            tasks:
            - {name: "%s", image: ubuntu:mantic, run: "true"}
            - {name: "%s", image: ubuntu:mantic, run: "true"}
            """
                .formatted(spaces, deep));
    // Either refused (nested too deeply to read) or run: never a stopped engine.
    assertThat(response.status()).as("%s", response.body()).isIn(200, 400);
    if (response.status() == 200) {
      String id = response.body().path("id").asString();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> api.state(id), s -> s.equals("COMPLETED") || s.equals("FAILED"));
    }
    assertThat((System.nanoTime() - begin) / 1e9).isLessThan(30);
  }

  @Test
  @Order(7)
  void afterAllOfItAPlainJobCompletesWithinSecondsAlsoAfterARestart() {
    assertPlainJobCompletesWithinSeconds();
    engine.restart();
    assertPlainJobCompletesWithinSeconds();
    List<String> states = new ArrayList<>();
    api.get("/jobs?size=20")
        .body()
        .path("items")
        .forEach(j -> states.add(j.path("state").asString()));
    assertThat(states).as("no job left running").doesNotContain("PENDING", "SCHEDULED", "RUNNING");
  }

  private static void assertPlainJobCompletesWithinSeconds() {
    long begin = System.nanoTime();
    String id =
        api.submitYaml(
            "name: plain\ntasks: [{name: t, image: ubuntu:mantic, run: \"echo -n ok > $TORK_OUTPUT\"}]\n");
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> api.state(id), "COMPLETED"::equals);
    System.out.printf("plain job: %.2f s%n", (System.nanoTime() - begin) / 1e9);
    assertThat(api.job(id).path("execution").get(0).path("result").asString()).isEqualTo("ok");
  }
}
