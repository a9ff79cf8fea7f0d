package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.TaskPolicy;
import io.tork.worker.core.IsolationPolicy;
import io.tork.worker.core.MountPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Task isolation through the REST API, against the real engine and Docker: bind mounts allowed
 * under one directory, images limited to {@code ubuntu:*}, the rest of the isolation as a user gets
 * it with no flags. What the API can judge is refused at submission (400); what only the worker can
 * (a link on disk, a templated image) fails the task before any container starts.
 */
class TaskIsolationIT {
  private static final IsolationPolicy IMAGES_OF_UBUNTU =
      new IsolationPolicy(
          new TaskPolicy(false, List.of(), List.of("ubuntu:*")),
          IsolationPolicy.DEFAULT_PIDS_LIMIT,
          IsolationPolicy.DEFAULT_MAX_TMPFS_BYTES,
          IsolationPolicy.DEFAULT_CAP_DROP,
          List.of());

  @TempDir static Path hostRoot;
  static Path allowed;
  static Path outside;

  @RegisterExtension
  static final StandaloneEngine engine =
      StandaloneEngine.docker()
          .queues(Map.of("default", 2))
          .mounts(TaskIsolationIT::allowed)
          .options(o -> o.withIsolation(IMAGES_OF_UBUNTU))
          .checkNoContainersLeft();

  static final TorkApi api = engine.api();

  /** Bind mounts under {@code allowed} only; {@code outside}, beside it, must stay empty. */
  private static MountPolicy allowed() throws IOException {
    allowed = Files.createDirectories(hostRoot.resolve("allowed"));
    outside = Files.createDirectories(hostRoot.resolve("outside"));
    return new MountPolicy(true, List.of(allowed.toString()));
  }

  @AfterEach
  void nothingWrittenOutside() throws IOException {
    try (Stream<Path> written = Files.list(outside)) {
      assertThat(written).isEmpty();
    }
  }

  private static JsonNode run(String yaml) {
    return api.awaitEnd(api.submitYaml(yaml));
  }

  private static TorkApi.Response submit(String yaml) {
    return api.post("/jobs", "text/yaml", yaml);
  }

  @Test
  void aLinkPlantedByOneJobCannotBeBoundByTheNext() throws IOException {
    JsonNode plant =
        run(
            """
            name: plant
            tasks:
            - name: plant a link
              image: ubuntu:mantic
              mounts: [{type: bind, source: %s, target: /work}]
              run: ln -s %s /work/esc
            """
                .formatted(allowed, outside));
    assertThat(plant.path("state").asString()).as("%s", plant).isEqualTo("COMPLETED");
    assertThat(allowed.resolve("esc")).isSymbolicLink();

    JsonNode escape =
        run(
            """
            name: escape
            tasks:
            - name: bind the link
              image: ubuntu:mantic
              mounts: [{type: bind, source: %s/esc, target: /x}]
              run: echo pwned > /x/pwned
            """
                .formatted(allowed));
    assertThat(escape.path("state").asString()).isEqualTo("FAILED");
    assertThat(escape.path("error").asString())
        .isEqualTo(
            "mounts[0]: bind source '"
                + allowed.resolve("esc")
                + "' resolves to '"
                + outside.toRealPath()
                + "', which is not in this worker's allowed sources");
  }

  @Test
  void aMissingSourceFailsTheTaskAndIsNotCreated() {
    Path missing = allowed.resolve("missing");
    JsonNode job =
        run(
            """
            name: missing
            tasks:
            - name: t
              image: ubuntu:mantic
              mounts: [{type: bind, source: %s, target: /x}]
              run: "true"
            """
                .formatted(missing));
    assertThat(job.path("error").asString())
        .isEqualTo("mounts[0]: bind source '" + missing + "' does not exist");
    assertThat(missing).doesNotExist();
  }

  @Test
  void aReadOnlyBindIsReadableAndNotWritable() throws IOException {
    Path data = Files.createDirectories(allowed.resolve("ro"));
    Files.writeString(data.resolve("in.txt"), "input");
    JsonNode job =
        run(
            """
            name: read only
            tasks:
            - name: read
              image: ubuntu:mantic
              mounts: [{type: bind, source: %s, target: /in, readonly: true}]
              run: |
                cat /in/in.txt > $TORK_OUTPUT
                if echo x > /in/in.txt; then exit 9; fi
            """
                .formatted(data));
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    assertThat(job.path("execution").get(0).path("result").asString()).isEqualTo("input");
    assertThat(data.resolve("in.txt")).hasContent("input");
  }

  @Test
  void hostAndContainerNetworksAreRefusedAtSubmission() {
    TorkApi.Response host =
        submit(
            """
            name: host net
            tasks:
            - name: t
              image: ubuntu:mantic
              networks: [host]
              run: "true"
            """);
    assertThat(host.status()).isEqualTo(400);
    assertThat(host.body().path("message").asString())
        .isEqualTo(
            "tasks[0].networks[0]: 'host' shares the network of the host and is not allowed"
                + " (--allow-host-network allows it)");
    TorkApi.Response container =
        submit(
            """
            name: container net
            tasks:
            - name: p
              parallel:
                tasks:
                - name: t
                  image: ubuntu:mantic
                  networks: ["container:tork-broker"]
                  run: "true"
            """);
    assertThat(container.status()).isEqualTo(400);
    assertThat(container.body().path("message").asString())
        .startsWith("tasks[0].parallel.tasks[0].networks[0]: 'container:tork-broker' shares");
  }

  @Test
  void anImageOutsideTheAllowedListIsRefusedAtSubmissionOrBeforeItsContainer() {
    TorkApi.Response literal =
        submit(
            """
            name: other image
            tasks:
            - name: t
              image: alpine:3.18.3
              run: "true"
            """);
    assertThat(literal.status()).isEqualTo(400);
    assertThat(literal.body().path("message").asString())
        .isEqualTo("tasks[0].image: 'alpine:3.18.3' is not one of the allowed images [ubuntu:*]");

    // A templated image is known only once evaluated: the worker refuses it.
    JsonNode templated =
        run(
            """
            name: templated image
            inputs: {image: alpine:3.18.3}
            tasks:
            - name: t
              image: "{{ inputs.image }}"
              run: echo RAN
            """);
    assertThat(templated.path("state").asString()).isEqualTo("FAILED");
    assertThat(templated.path("error").asString())
        .isEqualTo("image: 'alpine:3.18.3' is not one of the allowed images [ubuntu:*]");
    JsonNode log = api.get("/jobs/" + templated.path("id").asString() + "/log").body();
    assertThat(log.path("items")).as("no container ran: %s", log).isEmpty();
  }

  @Test
  void containersGetTheDefaultHardening() {
    JsonNode job =
        run(
            """
            name: hardened
            tasks:
            - name: t
              image: ubuntu:mantic
              mounts: [{type: tmpfs, target: /scratch}]
              run: |
                grep NoNewPrivs /proc/self/status | tr -d ' \\t' > $TORK_OUTPUT
                df -k /scratch | tail -1 | tr -s ' ' | cut -d' ' -f2 >> $TORK_OUTPUT
            """);
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    assertThat(job.path("execution").get(0).path("result").asString())
        .isEqualTo("NoNewPrivs:1\n" + (IsolationPolicy.DEFAULT_MAX_TMPFS_BYTES >> 10) + "\n");
  }
}
