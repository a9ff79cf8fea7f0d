package io.tork.kafka;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What one process knows of its own parts: each background loop, stream thread or probe reports
 * under a name ("scheduler", "job-views", "kafka"...), and the process is up only while every part
 * is. Standalone shares one instance among all its parts, so its {@code /health} tells the truth
 * about all of them. Thread-safe.
 */
public final class Health {
  /** A part's state. STARTING counts as not up: a process is ready once every part is UP. */
  public enum State {
    STARTING,
    UP,
    DOWN
  }

  /**
   * @param detail why it is not UP (the last error), empty when it is
   * @param since when it entered this state
   */
  public record Component(String name, State state, String detail, Instant since) {}

  private final Clock clock;
  private final Map<String, Component> reported = new ConcurrentHashMap<>();
  private final Map<String, Supplier<Component>> probes = new ConcurrentHashMap<>();

  public Health() {
    this(Clock.systemUTC());
  }

  public Health(Clock clock) {
    this.clock = clock;
  }

  /** {@code name} is now in {@code state}; a repeated state keeps its {@code since}. */
  public void report(String name, State state, String detail) {
    reported.compute(
        name,
        (n, old) ->
            old != null && old.state() == state && old.detail().equals(detail)
                ? old
                : new Component(n, state, detail, clock.instant()));
  }

  public void up(String name) {
    report(name, State.UP, "");
  }

  public void down(String name, String why) {
    report(name, State.DOWN, why);
  }

  /** A part whose state is read when asked (a Kafka Streams instance, say). */
  public void register(String name, Supplier<Component> probe) {
    probes.put(name, probe);
  }

  /** The part is gone for good (closed on purpose): it no longer counts. */
  public void remove(String name) {
    reported.remove(name);
    probes.remove(name);
  }

  /** Every part, by name. */
  public List<Component> components() {
    Map<String, Component> all = new java.util.TreeMap<>(reported);
    probes.forEach((name, probe) -> all.put(name, probe.get()));
    return List.copyOf(all.values());
  }

  /** Whether every part is UP. */
  public boolean isUp() {
    return components().stream().allMatch(c -> c.state() == State.UP);
  }

  /** The parts that are not UP, as "name: detail" for a one-line answer. */
  public List<String> problems() {
    return components().stream()
        .filter(c -> c.state() != State.UP)
        .map(c -> c.name() + " is " + c.state() + (c.detail().isEmpty() ? "" : ": " + c.detail()))
        .toList();
  }
}
