package io.tork.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * CPU time the engine process and the load generator (this JVM) use over a scenario: on a 2-core
 * machine that runs both, the share the engine takes tells a slow path from a saturated machine.
 */
final class CpuMeter {
  private final ProcessHandle engine;
  private final long engineBegin;
  private final long generatorBegin;
  private final long wallBegin;

  private CpuMeter(ProcessHandle engine) {
    this.engine = engine;
    this.engineBegin = cpuNanos(engine);
    this.generatorBegin = cpuNanos(ProcessHandle.current());
    this.wallBegin = System.nanoTime();
  }

  static CpuMeter start(ProcessHandle engine) {
    return new CpuMeter(engine);
  }

  /** What was used since {@link #start} for {@code jobs} jobs. */
  Use stop(int jobs) {
    double wall = System.nanoTime() - wallBegin;
    double engineNanos = cpuNanos(engine) - engineBegin;
    double generatorNanos = cpuNanos(ProcessHandle.current()) - generatorBegin;
    return new Use(engineNanos / wall, engineNanos / 1e6 / jobs, generatorNanos / wall);
  }

  private static long cpuNanos(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /**
   * @param engineCores the engine's CPU time over the wall time
   * @param engineMsPerJob the engine's CPU time per job, in milliseconds
   * @param generatorCores the load generator's CPU time over the wall time
   */
  record Use(double engineCores, double engineMsPerJob, double generatorCores) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "engine %.2f cores, %.2f ms CPU per job; load generator %.2f cores (of %d)",
          engineCores,
          engineMsPerJob,
          generatorCores,
          Runtime.getRuntime().availableProcessors());
    }
  }
}
