package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import tools.jackson.databind.JsonNode;

/**
 * The engine in containers, as {@code infra/compose.yml} runs it, from the images {@code
 * infra/images build} makes: Testcontainers' {@link KafkaContainer} starts the {@code
 * tork-java/kafka} image as its substitute for {@code apache/kafka}, and a scheduler, a gateway and
 * a worker container join it on one network; the worker runs tasks as sibling containers through
 * the host engine's socket. A job posted to the gateway container runs on the worker container, and
 * a client on the host reaches the broker at the address Testcontainers advertises.
 */
class ContainerClusterIT {
  private static final Path LOGS = Path.of("target", "container-cluster").toAbsolutePath();
  private static final Pattern WORKER_STARTED = Pattern.compile("worker started nodeId=\"(\\w+)\"");
  private static final String KAFKA = "kafka:19092";

  private static final String KEY = "container-cluster-it-key-0123456789";

  @Test
  void aJobPostedToTheGatewayContainerRunsOnTheWorkerContainer() throws Exception {
    DockerCheck.requireDocker();
    TorkImages.requireImages();
    Files.createDirectories(LOGS);
    try (Network network = Network.newNetwork();
        KafkaContainer kafka = TorkImages.kafka(network);
        GenericContainer<?> scheduler =
            TorkImages.app("scheduler", network, "--kafka", KAFKA, "--state-dir", "/var/lib/tork")
                .waitingFor(Wait.forLogMessage(".*scheduler running.*", 1));
        // Every interface of its container (how else would it be reached), so a key (issue 18).
        GenericContainer<?> gateway =
            TorkImages.app(
                    "gateway", network, "--kafka", KAFKA, "--port", "3000", "--host", "0.0.0.0")
                .withEnv("TORK_API_KEY", KEY)
                .withExposedPorts(3000)
                .waitingFor(Wait.forHttp("/health").forPort(3000).forStatusCode(200));
        GenericContainer<?> worker =
            TorkImages.app("worker", network, "--kafka", KAFKA, "--queue", "default:2")
                .withCreateContainerCmdModifier(TorkImages::bindDockerSocket)
                .waitingFor(Wait.forLogMessage(".*worker started.*", 1))) {
      List<GenericContainer<?>> engine = List.of(scheduler, gateway, worker);
      try {
        kafka.start();
        Startables.deepStart(engine).get(4, TimeUnit.MINUTES);
        TorkApi api = new TorkApi(gateway.getMappedPort(3000), TorkApi.bearer(KEY));
        assertThat(new TorkApi(gateway.getMappedPort(3000)).get("/jobs").status())
            .as("no key")
            .isEqualTo(401);

        String id =
            api.submitYaml(
                """
                name: in containers
                tasks:
                - name: say hello
                  image: ubuntu:mantic
                  run: echo -n hello from a sibling container > $TORK_OUTPUT
                - name: say goodbye
                  image: ubuntu:mantic
                  run: echo -n bye > $TORK_OUTPUT
                """);
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> api.state(id), "COMPLETED"::equals);

        String workerNode = workerNodeId(worker);
        JsonNode execution = api.job(id).path("execution");
        assertThat(execution).hasSize(2);
        assertThat(execution.get(0).path("result").asString())
            .isEqualTo("hello from a sibling container");
        assertThat(execution.get(1).path("result").asString()).isEqualTo("bye");
        for (JsonNode task : execution) {
          assertThat(task.path("nodeId").asString()).isEqualTo(workerNode);
        }
        try (Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()))) {
          assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("tork.jobs");
        }
      } finally {
        saveLogs(
            Map.<String, GenericContainer<?>>of(
                "kafka", kafka, "scheduler", scheduler, "gateway", gateway, "worker", worker));
        removeTaskContainers(worker);
      }
    }
  }

  private static String workerNodeId(GenericContainer<?> worker) {
    Matcher started = WORKER_STARTED.matcher(worker.getLogs());
    assertThat(started.find()).as("the worker's start line").isTrue();
    return started.group(1);
  }

  /** Every container's log, for a failure's diagnosis: the containers go with the test. */
  private static void saveLogs(Map<String, GenericContainer<?>> containers) throws Exception {
    for (var entry : containers.entrySet()) {
      if (entry.getValue().getContainerId() != null) {
        Files.writeString(LOGS.resolve(entry.getKey() + ".log"), entry.getValue().getLogs());
      }
    }
  }

  /** Task containers are the host engine's, not the test's: removed once the worker is gone. */
  private static void removeTaskContainers(GenericContainer<?> worker) {
    if (worker.getContainerId() == null) {
      return;
    }
    Matcher started = WORKER_STARTED.matcher(worker.getLogs());
    if (started.find()) {
      DockerCheck.run(
          List.of(
              "sh",
              "-c",
              "docker ps -aq --filter label=tork.node="
                  + started.group(1)
                  + " | xargs -r docker rm -f"));
    }
  }
}
