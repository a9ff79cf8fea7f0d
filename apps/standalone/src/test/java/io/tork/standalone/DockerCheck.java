package io.tork.standalone;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** End-to-end tests need a Docker engine: skipped visibly without one, except in CI. */
final class DockerCheck {
  private DockerCheck() {}

  static void requireDocker() {
    boolean up = run(List.of("docker", "info")).exitCode == 0;
    if (!up && "true".equals(System.getenv("CI"))) {
      fail("CI=true but no Docker engine answers `docker info`");
    }
    assumeTrue(up, "no Docker engine: end-to-end tests skipped");
  }

  /** Containers of one worker node, running or not. */
  static List<String> nodeContainers(String nodeId) {
    Result result =
        run(List.of("docker", "ps", "-a", "-q", "--filter", "label=tork.node=" + nodeId));
    return result.output.lines().filter(l -> !l.isBlank()).toList();
  }

  /** Containers of one worker node that are running now. */
  static List<String> runningNodeContainers(String nodeId) {
    Result result =
        run(
            List.of(
                "docker",
                "ps",
                "-q",
                "--filter",
                "label=tork.node=" + nodeId,
                "--filter",
                "status=running"));
    return result.output.lines().filter(l -> !l.isBlank()).toList();
  }

  /** Containers of one job, running or not. */
  static List<String> jobContainers(String jobId) {
    Result result = run(List.of("docker", "ps", "-a", "-q", "--filter", "label=tork.job=" + jobId));
    return result.output.lines().filter(l -> !l.isBlank()).toList();
  }

  /** Networks of one job (a task with sidecars has its own). */
  static List<String> jobNetworks(String jobId) {
    Result result =
        run(List.of("docker", "network", "ls", "-q", "--filter", "label=tork.job=" + jobId));
    return result.output.lines().filter(l -> !l.isBlank()).toList();
  }

  /** How many containers of one job are running now. */
  static int runningJobContainers(String jobId) {
    return runningContainersOf(List.of(jobId));
  }

  /**
   * How many containers of these jobs are running now, from one {@code docker ps}: a snapshot
   * (asking job by job adds up containers that never ran at the same time).
   */
  static int runningContainersOf(Collection<String> jobIds) {
    Result result =
        run(
            List.of(
                "docker",
                "ps",
                "--filter",
                "label=tork.job",
                "--format",
                "{{.Label \"tork.job\"}}"));
    return (int) result.output.lines().filter(jobIds::contains).count();
  }

  record Result(int exitCode, String output) {}

  static Result run(List<String> command) {
    return run(command, Map.of());
  }

  /** Runs {@code command} with {@code env} added to this process's environment. */
  static Result run(List<String> command, Map<String, String> env) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(env);
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, output);
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
