package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Parallel, each and sub-job tasks through the REST API, against the real engine and Docker. */
class CompositeTasksIT {
  @RegisterExtension
  static final StandaloneEngine engine = StandaloneEngine.docker().checkNoContainersLeft();

  static final TorkApi api = engine.api();

  private static List<JsonNode> records(JsonNode job, String name) {
    List<JsonNode> out = new ArrayList<>();
    job.path("execution")
        .forEach(
            t -> {
              if (t.path("name").asString().equals(name)) {
                out.add(t);
              }
            });
    return out;
  }

  private static JsonNode record(JsonNode job, String name) {
    List<JsonNode> found = records(job, name);
    assertThat(found).as("records named %s in %s", name, job).hasSize(1);
    return found.getFirst();
  }

  /** The largest number of the given records that ran at the same moment. */
  private static int mostAtOnce(List<JsonNode> tasks) {
    int most = 0;
    for (JsonNode t : tasks) {
      Instant at = Instant.parse(t.path("startedAt").asString());
      int running = 0;
      for (JsonNode u : tasks) {
        Instant start = Instant.parse(u.path("startedAt").asString());
        Instant end = Instant.parse(u.path("completedAt").asString());
        if (!start.isAfter(at) && end.isAfter(at)) {
          running++;
        }
      }
      most = Math.max(most, running);
    }
    return most;
  }

  @Test
  void parallelChildrenRunAtOnceAndTheJobGoesOnWhenAllAreDone() {
    String id =
        api.submitYaml(
            """
        name: parallel
        tasks:
        - name: fan out
          parallel:
            tasks:
            - {name: one, image: ubuntu:mantic, run: "sleep 2; echo -n 1 > $TORK_OUTPUT", var: one}
            - {name: two, image: ubuntu:mantic, run: "sleep 2; echo -n 2 > $TORK_OUTPUT", var: two}
            - {name: three, image: ubuntu:mantic, run: "sleep 2; echo -n 3 > $TORK_OUTPUT"}
        - name: after
          image: ubuntu:mantic
          env: {SUM: "{{ tasks.one }}+{{ tasks.two }}"}
          run: echo -n "$SUM" > $TORK_OUTPUT
        """);
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(60));
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    List<JsonNode> children = new ArrayList<>();
    for (String name : List.of("one", "two", "three")) {
      JsonNode child = record(job, name);
      assertThat(child.path("parentId").asString())
          .isEqualTo(record(job, "fan out").path("id").asString());
      children.add(child);
    }
    assertThat(mostAtOnce(children)).isEqualTo(3);
    assertThat(record(job, "fan out").path("state").asString()).isEqualTo("COMPLETED");
    assertThat(record(job, "after").path("result").asString()).isEqualTo("1+2");
  }

  @Test
  void aFailedChildFailsTheJobAndStopsItsSiblingsContainers() {
    long begin = System.nanoTime();
    String id =
        api.submitYaml(
            """
        name: parallel failure
        tasks:
        - name: fan out
          parallel:
            tasks:
            - {name: fails, image: ubuntu:mantic, run: "sleep 1; exit 3"}
            - {name: slow, image: ubuntu:mantic, run: "sleep 60"}
        """);
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(40));
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    assertThat(job.path("error").asString()).startsWith("exit code 3");
    assertThat(record(job, "slow").path("state").asString()).isEqualTo("CANCELLED");
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(30));
    await().atMost(Duration.ofSeconds(10)).until(() -> DockerCheck.jobContainers(id).isEmpty());
  }

  @Test
  void eachRunsOneChildPerElementAtMostConcurrencyAtATime() {
    String id =
        api.submitYaml(
            """
        name: each
        inputs:
          names: '["a","b","c","d","e"]'
        tasks:
        - name: per name
          each:
            list: "{{ fromJSON(inputs.names) }}"
            concurrency: 2
            task:
              name: "say {{ item.value }}"
              image: ubuntu:mantic
              var: "v{{ item.index }}"
              env: {AT: "{{ item.index }}", NAME: "{{ item.value }}"}
              run: "sleep 1; echo -n $AT=$NAME > $TORK_OUTPUT"
        output: "{{ tasks.v0 }},{{ tasks.v4 }}"
        """);
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(60));
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    List<JsonNode> children = new ArrayList<>();
    for (String name : List.of("a", "b", "c", "d", "e")) {
      children.add(record(job, "say " + name));
    }
    assertThat(children)
        .extracting(c -> c.path("result").asString())
        .containsExactly("0=a", "1=b", "2=c", "3=d", "4=e");
    assertThat(mostAtOnce(children)).isEqualTo(2);
    assertThat(job.path("result").asString()).isEqualTo("0=a,4=e");
  }

  @Test
  void eachOverAnEmptyListCompletesAndOverANonListFailsSayingWhy() {
    String empty =
        api.submitYaml(
            """
        name: each empty
        tasks:
        - name: none
          each:
            list: "{{ sequence(1, 1) }}"
            task: {name: never, image: ubuntu:mantic, run: exit 1}
        """);
    assertThat(api.awaitEnd(empty, Duration.ofSeconds(30)).path("state").asString())
        .isEqualTo("COMPLETED");
    String notAList =
        api.submitYaml(
            """
        name: each of a string
        tasks:
        - name: wrong
          each:
            list: "{{ 'abc' }}"
            task: {name: never, image: ubuntu:mantic, run: exit 1}
        """);
    JsonNode job = api.awaitEnd(notAList, Duration.ofSeconds(30));
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    assertThat(job.path("error").asString())
        .isEqualTo("each.list does not evaluate to a list: got 'abc'");
  }

  @Test
  void aSubJobRunsAsAChildJobWhoseResultIsTheTasksResult() {
    String id =
        api.submitYaml(
            """
        name: parent
        inputs: {who: world}
        tasks:
        - name: child
          var: greeting
          subjob:
            name: child of {{ job.name }}
            inputs: {who: "{{ inputs.who }}"}
            tasks:
            - name: greet
              image: ubuntu:mantic
              var: g
              env: {WHO: "{{ inputs.who }}"}
              run: echo -n "hello $WHO" > $TORK_OUTPUT
            output: "{{ tasks.g }}!"
        output: "{{ tasks.greeting }}"
        """);
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(60));
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    assertThat(job.path("result").asString()).isEqualTo("hello world!");
    JsonNode task = record(job, "child");
    String childId = task.path("subJobId").asString();
    JsonNode child = api.job(childId);
    assertThat(child.path("name").asString()).isEqualTo("child of parent");
    assertThat(child.path("parentId").asString()).isEqualTo(task.path("id").asString());
    assertThat(child.path("state").asString()).isEqualTo("COMPLETED");
  }

  @Test
  void aFailedSubJobFailsItsParentAndCancellingTheParentCancelsTheChild() {
    String failing =
        api.submitYaml(
            """
        name: parent of a failure
        tasks:
        - name: child
          subjob:
            name: failing child
            tasks: [{name: boom, image: ubuntu:mantic, run: exit 4}]
        """);
    JsonNode job = api.awaitEnd(failing, Duration.ofSeconds(60));
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    assertThat(job.path("error").asString()).startsWith("exit code 4");

    String running =
        api.submitYaml(
            """
        name: parent to cancel
        tasks:
        - name: child
          subjob:
            name: long child
            tasks: [{name: long, image: ubuntu:mantic, run: sleep 60}]
        """);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> DockerCheck.runningJobContainers(subJobOf(running)) == 1);
    String childId = subJobOf(running);
    assertThat(api.put("/jobs/" + running + "/cancel").status()).isEqualTo(200);
    assertThat(api.awaitEnd(childId, Duration.ofSeconds(30)).path("state").asString())
        .isEqualTo("CANCELLED");
    assertThat(api.state(running)).isEqualTo("CANCELLED");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> DockerCheck.jobContainers(childId).isEmpty());
  }

  @Test
  void cancellingASubJobCancelsItsParent() {
    String parent =
        api.submitYaml(
            """
        name: parent of a cancelled child
        tasks:
        - name: child
          subjob:
            name: child to cancel
            tasks: [{name: long, image: ubuntu:mantic, run: sleep 60}]
        """);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> DockerCheck.runningJobContainers(subJobOf(parent)) == 1);
    String childId = subJobOf(parent);
    assertThat(api.put("/jobs/" + childId + "/cancel").status()).isEqualTo(200);
    assertThat(api.awaitEnd(parent, Duration.ofSeconds(30)).path("state").asString())
        .isEqualTo("CANCELLED");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> DockerCheck.jobContainers(childId).isEmpty());
  }

  private static String subJobOf(String parentId) {
    JsonNode execution = api.job(parentId).path("execution");
    return execution.isEmpty() ? "" : execution.get(0).path("subJobId").asString();
  }

  @Test
  void aDetachedSubJobLeavesItsParentToGoOn() {
    String id =
        api.submitYaml(
            """
        name: detached parent
        tasks:
        - name: fire and forget
          subjob:
            name: detached child
            detached: true
            tasks: [{name: nap, image: ubuntu:mantic, run: sleep 3}]
        """);
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(30));
    assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
    String childId = record(job, "fire and forget").path("subJobId").asString();
    JsonNode child = api.awaitEnd(childId, Duration.ofSeconds(30));
    assertThat(child.path("state").asString()).isEqualTo("COMPLETED");
    assertThat(child.path("parentId").isMissingNode()).isTrue();
  }

  @Test
  void aTaskOfTwoKindsIsRefused() {
    TorkApi.Response response =
        api.post(
            "/jobs",
            "text/yaml",
            """
        name: two kinds
        tasks:
        - name: both
          image: ubuntu:mantic
          parallel: {tasks: [{name: a, image: ubuntu:mantic}]}
          each: {list: "{{ sequence(1,2) }}", task: {name: b, image: ubuntu:mantic}}
        """);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().path("message").asString())
        .contains("tasks[0]: a task can be only one of parallel, each, subjob")
        .contains("tasks[0]: a parallel task cannot have image");
  }
}
