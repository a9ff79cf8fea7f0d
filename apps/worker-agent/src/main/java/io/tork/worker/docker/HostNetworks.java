package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import io.tork.model.TaskPolicy;
import java.util.List;
import java.util.Optional;

/**
 * The host's network named some other way than {@code host} (by its id, or an id prefix): {@link
 * TaskPolicy} judges names, the engine resolves them, so a network whose driver is {@code host} is
 * refused like {@code host} itself. (Docker 20.10 does not give such a container the host's
 * namespace; nothing promises other versions will not.)
 */
final class HostNetworks {
  private HostNetworks() {}

  static Optional<String> refusal(DockerClient docker, List<String> networks, TaskPolicy policy) {
    if (policy.hostNetworks()) {
      return Optional.empty();
    }
    for (int i = 0; i < networks.size(); i++) {
      String name = networks.get(i);
      if (name.equals("host") || name.equals("none") || name.startsWith("container:")) {
        continue; // judged by the policy already
      }
      Network network;
      try {
        network = docker.inspectNetworkCmd().withNetworkId(name).exec();
      } catch (NotFoundException e) {
        continue; // the create fails naming it
      }
      if ("host".equals(network.getDriver())) {
        return Optional.of(
            "networks["
                + i
                + "]: '"
                + name
                + "' is the host's network and is not allowed (--allow-host-network allows it)");
      }
    }
    return Optional.empty();
  }
}
