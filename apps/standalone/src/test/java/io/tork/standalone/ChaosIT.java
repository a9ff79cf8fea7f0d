package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.model.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole distributed engine (3 brokers, 2 schedulers, 2 gateways, 3 workers, each its own
 * process) under a steady job load for a bounded time, while random processes are killed with -9
 * and started again, one at a time. At the end every accepted job must have reached a terminal
 * state with its expected result, and no task may have run twice outside a crashed worker.
 *
 * <p>{@code infra/chaos --duration 3m} runs it for longer; CI runs it for 60 s. It prints one
 * summary line: {@code chaos: ... accepted=N completed=N failed=0 lost=0 duplicates=0}.
 */
class ChaosIT {
  private static final Duration HEARTBEAT = Duration.ofSeconds(1);
  private static final Duration NODE_EXPIRY = Duration.ofSeconds(5);
  // Below what 3 workers start in containers while processes die (~2/s here): the jobs must end
  // in the time the test waits for them, on a CI machine slower than this one.
  private static final Duration SUBMIT_EVERY = Duration.ofSeconds(1);

  private record Accepted(String id, int number) {}

  @Test
  void everyAcceptedJobEndsWithItsResultWhileRandomProcessesDie() throws Exception {
    DockerCheck.requireDocker();
    Duration duration = Durations.parse(System.getProperty("chaos.duration", "60s")).orElseThrow();
    long seed = Long.getLong("chaos.seed", System.nanoTime());
    Random random = new Random(seed);
    try (Cluster cluster =
        Cluster.start(Path.of("target", "chaos").toAbsolutePath(), 3, HEARTBEAT, NODE_EXPIRY)) {
      List<Cluster.Node> schedulers = List.of(cluster.scheduler("c1"), cluster.scheduler("c2"));
      List<Cluster.Node> gateways = List.of(cluster.gateway("1"), cluster.gateway("2"));
      List<Cluster.Node> workers = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        workers.add(cluster.worker(String.valueOf(i), "default:3"));
      }
      for (Cluster.Node gateway : gateways) {
        await()
            .atMost(Duration.ofSeconds(120))
            .ignoreExceptions()
            .until(() -> gateway.api().get("/health").status() == 200);
      }

      List<Accepted> accepted = new ArrayList<>();
      Set<String> crashedWorkers = ConcurrentHashMap.newKeySet();
      AtomicInteger refused = new AtomicInteger();
      Map<String, AtomicInteger> killsByRole = new ConcurrentHashMap<>();
      AtomicBoolean chaosDone = new AtomicBoolean();
      Instant loadStarted = Instant.now();
      Instant deadline = loadStarted.plus(duration);
      ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
      ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor();
      AtomicInteger numbers = new AtomicInteger();
      load.scheduleAtFixedRate(
          () -> {
            int n = numbers.incrementAndGet();
            Cluster.Node gateway = gateways.get(n % gateways.size());
            for (Cluster.Node target : List.of(gateway, gateways.get((n + 1) % gateways.size()))) {
              try {
                TorkApi.Response response = target.api().post("/jobs", "text/yaml", job(n));
                if (response.status() == 200) {
                  synchronized (accepted) {
                    accepted.add(new Accepted(response.body().path("id").asString(), n));
                  }
                  return;
                }
              } catch (RuntimeException e) {
                // that gateway is down: try the other one
              }
            }
            refused.incrementAndGet();
          },
          0,
          SUBMIT_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
      chaos.schedule(
          new Runnable() {
            @Override
            public void run() {
              if (Instant.now().isAfter(deadline)) {
                chaosDone.set(true);
                return;
              }
              try {
                killAndRestartOne(
                    random, cluster, schedulers, gateways, workers, crashedWorkers, killsByRole);
              } catch (Exception e) {
                System.out.println("chaos: action failed: " + e);
              }
              chaos.schedule(this, 1 + random.nextInt(3), TimeUnit.SECONDS);
            }
          },
          5,
          TimeUnit.SECONDS);

      await()
          .atMost(duration.plusMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(chaosDone::get);
      load.shutdownNow();
      chaos.shutdownNow();
      load.awaitTermination(30, TimeUnit.SECONDS);

      List<Accepted> jobs;
      synchronized (accepted) {
        jobs = List.copyOf(accepted);
      }
      System.out.printf(
          "chaos: load and kills stopped %d s after the cluster served, %d jobs accepted%n",
          Duration.between(loadStarted, Instant.now()).toSeconds(), jobs.size());
      try {
        await()
            .atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions()
            .until(
                () -> jobs.stream().allMatch(j -> isTerminal(read(gateways, "/jobs/" + j.id()))));
      } catch (ConditionTimeoutException e) {
        // Counted and printed below, job by job, with what the API says of each.
        System.out.println("chaos: not every job ended within 4 minutes");
      }

      int completed = 0;
      int failed = 0;
      int lost = 0;
      int wrong = 0;
      int duplicates = 0;
      for (Accepted job : jobs) {
        TorkApi.Response response = read(gateways, "/jobs/" + job.id());
        if (!isTerminal(response)) {
          lost++;
          System.out.println("chaos: lost " + job.id() + " -> " + response);
          continue;
        }
        JsonNode body = response.body();
        switch (body.path("state").asString()) {
          case "COMPLETED" -> completed++;
          default -> {
            failed++;
            System.out.println("chaos: not completed " + job.id() + " -> " + body);
          }
        }
        List<JsonNode> execution = new ArrayList<>();
        body.path("execution").forEach(execution::add);
        if (!execution.isEmpty()
            && !execution.getLast().path("result").asString().equals(String.valueOf(job.number))) {
          wrong++;
          System.out.println("chaos: wrong result " + job.id() + " -> " + body);
        }
        long runs =
            execution.stream()
                .map(t -> t.path("nodeId").asString())
                .filter(node -> !node.isEmpty() && !crashedWorkers.contains(node))
                .count();
        if (runs > 1) {
          duplicates += (int) runs - 1;
          System.out.println("chaos: ran twice outside a crashed worker " + body);
        }
      }
      System.out.printf(
          "chaos: duration=%ds seed=%d kills=%d %s accepted=%d refused=%d completed=%d failed=%d"
              + " lost=%d wrong-result=%d duplicates=%d%n",
          duration.toSeconds(),
          seed,
          kills(killsByRole),
          killsByRole,
          jobs.size(),
          refused.get(),
          completed,
          failed,
          lost,
          wrong,
          duplicates);
      assertThat(kills(killsByRole)).as("processes killed").isPositive();
      assertThat(jobs).as("jobs accepted").isNotEmpty();
      assertThat(lost).as("lost jobs").isZero();
      assertThat(duplicates).as("tasks run twice outside crashed workers").isZero();
      assertThat(failed).as("failed jobs").isZero();
      assertThat(wrong).as("jobs with a wrong result").isZero();
    }
  }

  private static String job(int n) {
    return """
        name: chaos %d
        tasks:
        - name: work
          image: ubuntu:mantic
          run: |
            sleep 1
            echo -n %d > $TORK_OUTPUT
        """
        .formatted(n, n);
  }

  /** GET from the first gateway that answers (the last kill may have hit one). */
  private static TorkApi.Response read(List<Cluster.Node> gateways, String path) {
    RuntimeException failure = new IllegalStateException("no gateway");
    for (Cluster.Node gateway : gateways) {
      try {
        return gateway.api().get(path);
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    throw failure;
  }

  private static boolean isTerminal(TorkApi.Response response) {
    return response.status() == 200
        && Set.of("COMPLETED", "FAILED", "CANCELLED")
            .contains(response.body().path("state").asString());
  }

  /** Kills one random process with -9, waits a little, starts it again; one at a time. */
  private static void killAndRestartOne(
      Random random,
      Cluster cluster,
      List<Cluster.Node> schedulers,
      List<Cluster.Node> gateways,
      List<Cluster.Node> workers,
      Set<String> crashedWorkers,
      Map<String, AtomicInteger> killsByRole)
      throws Exception {
    String role = List.of("broker", "scheduler", "gateway", "worker").get(random.nextInt(4));
    // Counted once the process is dead: a restart that comes back late (a JVM starting on a
    // loaded machine) is still a kill.
    Runnable killed =
        () -> killsByRole.computeIfAbsent(role, r -> new AtomicInteger()).incrementAndGet();
    Duration down = Duration.ofSeconds(2 + random.nextInt(4));
    switch (role) {
      case "broker" -> {
        int broker = 1 + random.nextInt(3);
        System.out.println("chaos: kill -9 broker " + broker);
        cluster.killBroker(broker);
        killed.run();
        pause(down);
        cluster.restartBroker(broker);
      }
      case "worker" -> {
        Cluster.Node worker = workers.get(random.nextInt(workers.size()));
        crashedWorkers.add(worker.nodeId());
        System.out.println("chaos: kill -9 " + worker);
        worker.kill();
        killed.run();
        pause(down);
        worker.restart();
      }
      default -> {
        List<Cluster.Node> pool = role.equals("scheduler") ? schedulers : gateways;
        Cluster.Node node = pool.get(random.nextInt(pool.size()));
        System.out.println("chaos: kill -9 " + node);
        node.kill();
        killed.run();
        pause(down);
        node.restart();
        if (role.equals("gateway")) {
          // A gateway's JVM took 116 s to serve on this 2-core machine running 11 processes.
          await()
              .atMost(Duration.ofSeconds(240))
              .ignoreExceptions()
              .until(() -> node.api().get("/health").status() == 200);
        }
      }
    }
  }

  private static int kills(Map<String, AtomicInteger> killsByRole) {
    return killsByRole.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** How long a killed process stays down: a deliberate outage, not a wait for a condition. */
  private static void pause(Duration down) throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(down.toMillis());
  }
}
