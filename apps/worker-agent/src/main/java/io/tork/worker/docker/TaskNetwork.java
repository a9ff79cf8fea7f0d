package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A task's own bridge network, for a task with sidecars: its containers find the sidecars there by
 * their aliases. Labelled like the task's containers (orphans are found by the node's label), and
 * removed after them.
 */
final class TaskNetwork implements AutoCloseable {
  private final DockerClient docker;
  private final String name;

  private TaskNetwork(DockerClient docker, String name) {
    this.docker = docker;
    this.name = name;
  }

  static TaskNetwork create(DockerClient docker, Map<String, String> labels) {
    String name = "tork-" + UUID.randomUUID();
    docker
        .createNetworkCmd()
        .withName(name)
        .withDriver("bridge")
        .withCheckDuplicate(true)
        .withLabels(labels)
        .exec();
    return new TaskNetwork(docker, name);
  }

  String name() {
    return name;
  }

  /** The task's networks with this one first: the one a sidecar's alias is given on. */
  List<String> before(List<String> networks) {
    return Stream.concat(Stream.of(name), networks.stream()).toList();
  }

  /** Removes the network; after its containers were removed. Never throws. */
  @Override
  public void close() {
    Cleanup.quietly("remove network", name, () -> docker.removeNetworkCmd(name).exec());
  }

  /** Removes the networks labelled {@code labelFilter} ({@code key=value}); how many there were. */
  static int removeLabelled(DockerClient docker, String labelFilter) {
    List<Network> networks =
        docker.listNetworksCmd().withFilter("label", List.of(labelFilter)).exec();
    for (Network network : networks) {
      Cleanup.quietly(
          "remove network", network.getId(), () -> docker.removeNetworkCmd(network.getId()).exec());
    }
    return networks.size();
  }
}
