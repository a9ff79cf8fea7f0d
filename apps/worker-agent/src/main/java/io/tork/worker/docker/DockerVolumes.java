package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import io.tork.model.MountSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The temporary volumes of a task: one fresh Docker volume per declared container path. */
final class DockerVolumes {
  private final DockerClient docker;

  DockerVolumes(DockerClient docker) {
    this.docker = docker;
  }

  /**
   * Creates one volume per {@code volume} mount (its {@code opts} as the driver's options),
   * labelled so that {@link #removeLabelled} finds it after a crash; on a failure part-way, removes
   * those already created and rethrows.
   *
   * @return volume name -> container path
   */
  Map<String, String> create(List<MountSpec> volumeMounts, Map<String, String> labels) {
    Map<String, String> mounts = new LinkedHashMap<>();
    try {
      for (MountSpec mount : volumeMounts) {
        // Random names: a retried task must not find its previous attempt's files.
        String name = "tork-" + UUID.randomUUID().toString().replace("-", "");
        docker
            .createVolumeCmd()
            .withName(name)
            .withLabels(labels)
            .withDriverOpts(mount.opts())
            .exec();
        mounts.put(name, mount.target());
      }
      return mounts;
    } catch (RuntimeException e) {
      remove(mounts.keySet());
      throw e;
    }
  }

  void remove(Collection<String> names) {
    for (String name : names) {
      Cleanup.quietly("remove volume", name, () -> docker.removeVolumeCmd(name).exec());
    }
  }

  /** Removes the volumes matching a label filter ({@code key} or {@code key=value}). */
  void removeLabelled(String labelFilter) {
    List<InspectVolumeResponse> found =
        docker.listVolumesCmd().withFilter("label", List.of(labelFilter)).exec().getVolumes();
    if (found != null) { // the engine sends null, not [], when there is none
      remove(found.stream().map(InspectVolumeResponse::getName).toList());
    }
  }
}
