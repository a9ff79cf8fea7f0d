package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import io.tork.model.GpuRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates one container as its {@link ContainerSpec} says, attached to its networks (the first at
 * creation, with its alias there), with its mounts, limits, GPUs and the worker's hardening.
 */
final class ContainerCreation {
  private ContainerCreation() {}

  /**
   * @return the container's id
   * @throws NoSuchImageException when the engine does not know the image (any more)
   * @throws DockerException when the engine refuses; a container created is removed first
   */
  static String create(DockerClient docker, ContainerSpec spec, TorkDir tork) {
    CreateContainerCmd create =
        docker
            .createContainerCmd(spec.image())
            .withEnv(spec.envList())
            .withLabels(spec.labels())
            .withHostConfig(hostConfig(spec, tork));
    if (!spec.entrypoint().isEmpty()) {
      create.withEntrypoint(spec.entrypoint());
    }
    if (!spec.cmd().isEmpty()) {
      create.withCmd(spec.cmd());
    }
    if (!spec.alias().isEmpty()) {
      create.withAliases(spec.alias()); // on the first network: the task's own
    }
    String workdir = spec.step().effectiveWorkdir();
    if (!workdir.isEmpty()) {
      create.withWorkingDir(workdir);
    }
    String id;
    try {
      id = create.exec().getId();
    } catch (NotFoundException e) {
      // The engine's answer when the image is missing (or a network is: a retry tells which).
      throw new NoSuchImageException(EngineErrors.message(e), e);
    }
    for (String network : spec.networks().stream().skip(1).toList()) {
      try {
        docker.connectToNetworkCmd().withContainerId(id).withNetworkId(network).exec();
      } catch (DockerException e) {
        Cleanup.quietly(
            "remove container", id, () -> docker.removeContainerCmd(id).withForce(true).exec());
        throw e;
      }
    }
    return id;
  }

  private static HostConfig hostConfig(ContainerSpec spec, TorkDir tork) {
    List<Bind> binds = new ArrayList<>(spec.binds());
    binds.addAll(tork.binds());
    HostConfig host = HostConfig.newHostConfig().withBinds(binds).withMounts(spec.mounts().binds());
    if (!spec.mounts().tmpfs().isEmpty()) {
      host.withTmpFs(spec.mounts().tmpfs());
    }
    if (!spec.networks().isEmpty()) {
      host.withNetworkMode(spec.networks().getFirst());
    }
    if (!spec.gpus().isEmpty()) {
      host.withDeviceRequests(List.of(deviceRequest(GpuRequest.parse(spec.gpus()))));
    }
    // Hardening sets the none log driver: the worker attaches to the output itself (ADR 36).
    return spec.hardening().applyTo(spec.limits().applyTo(host));
  }

  /** What {@code docker run --gpus} sends the engine for the same text. */
  static DeviceRequest deviceRequest(GpuRequest gpus) {
    DeviceRequest request =
        new DeviceRequest()
            .withCount(gpus.count())
            .withCapabilities(List.of(gpus.capabilities()))
            .withOptions(Map.of());
    if (!gpus.deviceIds().isEmpty()) {
      request.withDeviceIds(gpus.deviceIds());
    }
    if (!gpus.driver().isEmpty()) {
      request.withDriver(gpus.driver());
    }
    return request;
  }
}
