package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** {@code dag} tasks through the REST API, against the real engine, broker and Docker. */
class DagIT {
  @RegisterExtension
  static final StandaloneEngine engine = StandaloneEngine.docker().checkNoContainersLeft();

  static final TorkApi api = engine.api();

  private static JsonNode record(JsonNode job, String name) {
    JsonNode found = null;
    for (JsonNode t : job.path("execution")) {
      if (t.path("name").asString().equals(name)) {
        assertThat(found).as("one record named %s in %s", name, job).isNull();
        found = t;
      }
    }
    assertThat(found).as("a record named %s in %s", name, job).isNotNull();
    return found;
  }

  private static Instant at(JsonNode task, String field) {
    return Instant.parse(task.path(field).asString());
  }

  @Test
  void aDiamondRunsEachChildAfterItsDependenciesWithTheirOutputs() {
    String id =
        api.submitYaml(
            """
        name: diamond in docker
        output: "{{ tasks.d }}"
        tasks:
        - name: diamond
          dag:
            tasks:
            - name: d
              dependencies: [b, c]
              image: ubuntu:mantic
              var: d
              env: {B: "{{ tasks.b }}", C: "{{ tasks.c }}"}
              run: echo -n "$B,$C" > $TORK_OUTPUT
            - {name: a, image: ubuntu:mantic, var: a, run: "echo -n A > $TORK_OUTPUT"}
            - name: b
              dependencies: [a]
              image: ubuntu:mantic
              var: b
              env: {A: "{{ tasks.a }}"}
              run: sleep 1; echo -n "${A}b" > $TORK_OUTPUT
            - {name: c, dependencies: [a], image: ubuntu:mantic, var: c, env: {A: "{{ tasks.a }}"},
               run: "sleep 1; echo -n ${A}c > $TORK_OUTPUT"}
        """);
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(90));
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    assertThat(job.path("result").asString()).isEqualTo("Ab,Ac");
    JsonNode a = record(job, "a");
    JsonNode b = record(job, "b");
    JsonNode c = record(job, "c");
    JsonNode d = record(job, "d");
    assertThat(at(b, "startedAt")).isAfterOrEqualTo(at(a, "completedAt"));
    assertThat(at(c, "startedAt")).isAfterOrEqualTo(at(a, "completedAt"));
    assertThat(at(b, "startedAt")).as("b and c at once").isBefore(at(c, "completedAt"));
    assertThat(at(c, "startedAt")).as("b and c at once").isBefore(at(b, "completedAt"));
    assertThat(at(d, "startedAt"))
        .isAfterOrEqualTo(at(b, "completedAt"))
        .isAfterOrEqualTo(at(c, "completedAt"));
    assertThat(record(job, "diamond").path("state").asString()).isEqualTo("COMPLETED");
  }

  @Test
  void aFailedChildFailsTheJobStopsItsRunningSiblingAndItsDependentsNeverStart() {
    String id =
        api.submitYaml(
            """
        name: dag failure
        tasks:
        - name: g
          dag:
            tasks:
            - {name: fails, image: ubuntu:mantic, run: "sleep 2; exit 3"}
            - {name: slow, image: ubuntu:mantic, run: sleep 60}
            - {name: after, dependencies: [fails], image: ubuntu:mantic, run: "true"}
        """);
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(90));
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("FAILED");
    assertThat(job.path("error").asString()).startsWith("exit code 3");
    JsonNode slow = record(job, "slow");
    assertThat(slow.path("state").asString()).isEqualTo("CANCELLED");
    assertThat(at(job, "failedAt"))
        .as("the job did not wait for its sleeping sibling: %s", slow)
        .isBefore(at(slow, "startedAt").plusSeconds(50));
    JsonNode after = record(job, "after");
    assertThat(after.path("state").asString()).isEqualTo("CANCELLED");
    assertThat(after.path("startedAt").isMissingNode() || after.path("startedAt").isNull())
        .as("never started: %s", after)
        .isTrue();
    await().atMost(Duration.ofSeconds(20)).until(() -> DockerCheck.jobContainers(id).isEmpty());
  }

  @Test
  void aDagRunsInsideAnEachOfSubJobs() {
    String id =
        api.submitYaml(
            """
        name: nested dags
        tasks:
        - name: per item
          each:
            list: "{{ sequence(1, 3) }}"
            task:
              name: job {{ item.value }}
              var: r{{ item.value }}
              subjob:
                name: sub {{ item.value }}
                inputs: {n: "{{ item.value }}"}
                output: "{{ tasks.second }}"
                tasks:
                - name: g
                  dag:
                    tasks:
                    - name: two
                      dependencies: [one]
                      image: ubuntu:mantic
                      var: second
                      env: {ONE: "{{ tasks.first }}"}
                      run: echo -n "$ONE-2" > $TORK_OUTPUT
                    - name: one
                      image: ubuntu:mantic
                      var: first
                      env: {N: "{{ inputs.n }}"}
                      run: echo -n "$N" > $TORK_OUTPUT
        - name: sum
          image: ubuntu:mantic
          env: {R: "{{ tasks.r1 }} {{ tasks.r2 }}"}
          run: echo -n "$R" > $TORK_OUTPUT
        """);
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(120));
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    assertThat(record(job, "sum").path("result").asString()).isEqualTo("1-2 2-2");
  }

  @Test
  void aCycleAnUnknownDependencyAndADuplicateNameAreRefusedNamingThem() {
    TorkApi.Response response =
        api.post(
            "/jobs",
            "text/yaml",
            """
        name: bad dag
        tasks:
        - name: g
          dag:
            tasks:
            - {name: a, image: ubuntu:mantic, dependencies: [c]}
            - {name: b, image: ubuntu:mantic, dependencies: [a]}
            - {name: c, image: ubuntu:mantic, dependencies: [b]}
        - name: h
          dag:
            tasks:
            - {name: x, image: ubuntu:mantic, dependencies: [nope]}
            - {name: x, image: ubuntu:mantic}
        """);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().path("message").asString())
        .contains("tasks[0].dag.tasks: the dependencies form a cycle: a -> c -> b -> a")
        .contains("tasks[1].dag.tasks[0].dependencies[0]: 'nope' is not the name of a task")
        .contains("tasks[1].dag.tasks[1].name: 'x' is the name of tasks[1].dag.tasks[0] too");
    assertThat(api.get("/jobs").body().toString()).doesNotContain("bad dag");
  }
}
