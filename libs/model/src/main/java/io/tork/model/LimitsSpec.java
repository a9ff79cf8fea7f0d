package io.tork.model;

/** {@code limits: {cpus: .5, memory: 10m}}; empty strings mean "no limit". */
public record LimitsSpec(String cpus, String memory) {
  public LimitsSpec {
    cpus = Strings.orEmpty(cpus);
    memory = Strings.orEmpty(memory);
  }
}
