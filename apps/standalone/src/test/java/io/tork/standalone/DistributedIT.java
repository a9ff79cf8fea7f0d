package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Distributed mode, every part its own process: 3 Kafka brokers (RF 3, min ISR 2) from {@code
 * infra/local-cluster}, 2 schedulers, 2 gateways, 2 workers. Processes are killed with -9 one after
 * another (a gateway, a scheduler, a broker) while jobs are in flight; every job accepted with a
 * 200 still completes, once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedIT {
  private static final Path DIR = Path.of("target", "distributed").toAbsolutePath();
  private static final Path CLUSTER = DIR.resolve("kafka");
  private static final List<ChildProcess> processes = new ArrayList<>();
  private static String kafka;
  private static ChildProcess gateway1;
  private static ChildProcess scheduler1;
  private static TorkApi api1;
  private static TorkApi api2;

  @BeforeAll
  static void start() throws Exception {
    DockerCheck.requireDocker();
    Files.createDirectories(DIR);
    DockerCheck.Result cluster =
        DockerCheck.run(
            List.of(
                "../../infra/local-cluster",
                "start",
                "--brokers",
                "3",
                "--dir",
                CLUSTER.toString()));
    assertThat(cluster.exitCode()).as(cluster.output()).isZero();
    kafka = cluster.output().strip().lines().reduce((a, b) -> b).orElseThrow();
    String[] common = {"--kafka", kafka, "--replication-factor", "3"};
    scheduler1 =
        spawn(
            "scheduler-1",
            concat(
                common,
                "scheduler",
                "--state-dir",
                DIR.resolve("s1").toString(),
                "--instance-id",
                "s1",
                "--node-expiry",
                "6s"));
    spawn(
        "scheduler-2",
        concat(
            common,
            "scheduler",
            "--state-dir",
            DIR.resolve("s2").toString(),
            "--instance-id",
            "s2",
            "--node-expiry",
            "6s"));
    for (int i = 1; i <= 2; i++) {
      spawn(
          "worker-" + i,
          concat(common, "worker", "--queue", "default:3", "--heartbeat-interval", "1s"));
    }
    int port1 = ChildProcess.freePort();
    int port2 = ChildProcess.freePort();
    gateway1 = spawn("gateway-1", concat(common, "gateway", "--port", String.valueOf(port1)));
    spawn("gateway-2", concat(common, "gateway", "--port", String.valueOf(port2)));
    api1 = new TorkApi(port1);
    api2 = new TorkApi(port2);
    await()
        .atMost(Duration.ofSeconds(120))
        .ignoreExceptions()
        .until(() -> api1.get("/health").status() == 200 && api2.get("/health").status() == 200);
  }

  private static String[] concat(String[] common, String command, String... rest) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(common));
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }

  private static ChildProcess spawn(String name, String... args) throws Exception {
    ChildProcess process = ChildProcess.start(DIR.resolve(name + ".log"), args);
    processes.add(process);
    return process;
  }

  @AfterAll
  static void stop() throws Exception {
    for (ChildProcess process : processes) {
      process.close();
    }
    DockerCheck.run(List.of("../../infra/local-cluster", "stop", "--dir", CLUSTER.toString()));
    DockerCheck.run(
        List.of("sh", "-c", "docker ps -aq --filter label=tork.task | xargs -r docker rm -f"));
  }

  private static List<String> submit(TorkApi api, int count, String label) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TorkApi.Response response =
          api.post(
              "/jobs",
              "text/yaml",
              """
          name: %s %d
          tasks:
          - name: work
            image: ubuntu:mantic
            run: |
              sleep 1
              echo -n %d > $TORK_OUTPUT
          """
                  .formatted(label, i, i));
      assertThat(response.status()).isEqualTo(200);
      ids.add(response.body().path("id").asString());
    }
    return ids;
  }

  /** Every job completes, with exactly one task record that carries the job's own output. */
  private static void assertAllCompleteOnce(TorkApi api, List<String> ids) {
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> ids.stream().allMatch(id -> api.state(id).equals("COMPLETED")));
    for (int i = 0; i < ids.size(); i++) {
      JsonNode execution = api.job(ids.get(i)).path("execution");
      assertThat(execution).as("execution of job %d", i).hasSize(1);
      assertThat(execution.get(0).path("result").asString()).isEqualTo(String.valueOf(i));
    }
  }

  @Test
  @Order(1)
  void aJobPostedToOneGatewayIsReadableOnTheOtherAtOnce() {
    for (String id : submit(api1, 10, "gateways")) {
      TorkApi.Response other = api2.get("/jobs/" + id);
      assertThat(other.status()).as("GET on the other gateway right after the POST").isEqualTo(200);
    }
  }

  @Test
  @Order(2)
  void killingAGatewayLeavesTheOtherServing() throws Exception {
    List<String> ids = submit(api1, 5, "before gateway kill");
    gateway1.kill();
    ids.addAll(submit(api2, 5, "after gateway kill"));
    assertAllCompleteOnce(api2, ids.subList(0, 5));
    assertAllCompleteOnce(api2, ids.subList(5, 10));
  }

  @Test
  @Order(3)
  void killingASchedulerMidFlightLosesAndDuplicatesNothing() throws Exception {
    List<String> ids = submit(api2, 30, "scheduler failover");
    scheduler1.kill();
    assertAllCompleteOnce(api2, ids);
  }

  @Test
  @Order(4)
  void killingABrokerMidFlightLosesNoAcknowledgedJob() throws Exception {
    List<String> ids = submit(api2, 15, "broker loss");
    DockerCheck.Result killed =
        DockerCheck.run(
            List.of(
                "../../infra/local-cluster", "kill", "--dir", CLUSTER.toString(), "--broker", "2"));
    assertThat(killed.exitCode()).as(killed.output()).isZero();
    List<String> more = submit(api2, 15, "after broker loss");
    assertAllCompleteOnce(api2, ids);
    assertAllCompleteOnce(api2, more);
  }
}
