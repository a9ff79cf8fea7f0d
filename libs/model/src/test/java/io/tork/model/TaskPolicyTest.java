package io.tork.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskPolicyTest {
  private static final TaskPolicy STRICT =
      new TaskPolicy(
          false, List.of("jobs-net"), List.of("ubuntu:*", "tork-test/*", "reg.local/**"));

  @ParameterizedTest
  @CsvSource({
    "host, false",
    "container:abc, false",
    "none, true",
    "my-net, true",
    "bridge, true",
  })
  void theDefaultRefusesOnlyTheHostAndContainerModes(String network, boolean allowed) {
    assertThat(TaskPolicy.DEFAULT.networkRefusal(network).isEmpty()).isEqualTo(allowed);
  }

  @Test
  void aHostModeIsRefusedSayingWhyAndWhichFlagAllowsIt() {
    assertThat(TaskPolicy.DEFAULT.networkRefusal("host"))
        .hasValue(
            "'host' shares the network of the host and is not allowed (--allow-host-network"
                + " allows it)");
    assertThat(TaskPolicy.DEFAULT.networkRefusal("container:db"))
        .hasValue(
            "'container:db' shares the network of another container and is not allowed"
                + " (--allow-host-network allows it)");
    TaskPolicy loose = new TaskPolicy(true, List.of(), List.of());
    assertThat(loose.networkRefusal("host")).isEmpty();
    assertThat(loose.networkRefusal("container:db")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "jobs-net, true",
    "none, true",
    "other-net, false",
    "bridge, false",
    "default, false",
  })
  void allowedNetworksAreTheOnlyOnesATaskMayJoin(String network, boolean allowed) {
    assertThat(STRICT.networkRefusal(network).isEmpty()).isEqualTo(allowed);
  }

  @ParameterizedTest
  @CsvSource({
    "ubuntu:mantic, true",
    "ubuntu, true", // as ubuntu:latest
    "tork-test/busybox:latest, true",
    "tork-test/busybox, true",
    "tork-test/a/b:1, false", // * stops at /
    "reg.local/team/app:2, true", // ** does not
    "ubuntu.evil/x:1, false",
    "alpine:3.18.3, false",
    "docker.io/library/ubuntu:mantic, false", // as written, not normalised
  })
  void imagesMustMatchAnAllowedGlob(String image, boolean allowed) {
    assertThat(STRICT.imageRefusal(image).isEmpty()).isEqualTo(allowed);
    assertThat(TaskPolicy.DEFAULT.imageRefusal(image)).isEmpty();
  }

  @Test
  void aTasksRefusalsNameTheirFieldsPreAndPostIncluded() {
    TaskSpec task =
        TaskSpec.builder()
            .name("t")
            .image("alpine:3")
            .networks(List.of("jobs-net", "host"))
            .pre(List.of(new AuxTaskSpec("p", null, "ubuntu:mantic", "true", null, null)))
            .post(List.of(new AuxTaskSpec("q", null, null, "true", null, null)))
            .build();
    assertThat(STRICT.refusals(task))
        .containsExactly(
            "networks[1]: 'host' shares the network of the host and is not allowed"
                + " (--allow-host-network allows it)",
            "image: 'alpine:3' is not one of the allowed images [ubuntu:*, tork-test/*,"
                + " reg.local/**]",
            "post[0].image: 'alpine:3' is not one of the allowed images [ubuntu:*, tork-test/*,"
                + " reg.local/**]");
  }

  @Test
  void aSidecarsImageIsCheckedLikeThePreAndPostImages() {
    TaskSpec task =
        TaskSpec.builder()
            .name("t")
            .image("ubuntu:mantic")
            .sidecars(List.of(SidecarSpec.of("db", "postgres:16", "")))
            .build();
    assertThat(STRICT.refusals(new JobSpec("j", null, null, List.of(task))))
        .singleElement()
        .asString()
        .startsWith("tasks[0].sidecars[0].image: 'postgres:16'");
  }

  @Test
  void aJobIsCheckedThroughCompositeTasksLeavingTemplatedImagesToTheWorker() {
    TaskSpec inner =
        TaskSpec.builder().name("i").image("{{ inputs.image }}").networks(List.of("host")).build();
    TaskSpec parallel =
        TaskSpec.builder().name("p").parallel(new ParallelSpec(List.of(inner))).build();
    JobSpec job = new JobSpec("j", null, null, List.of(parallel));
    assertThat(STRICT.refusals(job))
        .containsExactly(
            "tasks[0].parallel.tasks[0].networks[0]: 'host' shares the network of the host and is"
                + " not allowed (--allow-host-network allows it)");
    assertThatThrownBy(() -> STRICT.requireAllowed(job))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageStartingWith("tasks[0].parallel.tasks[0].networks[0]: 'host'");
    // On the worker the image is what the template gave, and is checked whatever it looks like.
    assertThat(STRICT.refusals(inner.toBuilder().networks(List.of()).build()))
        .containsExactly(
            "image: '{{ inputs.image }}' is not one of the allowed images [ubuntu:*, tork-test/*,"
                + " reg.local/**]");
  }
}
