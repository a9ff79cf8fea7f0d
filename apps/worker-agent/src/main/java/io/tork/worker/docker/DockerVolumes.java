package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The temporary volumes of a task: one fresh Docker volume per declared path. */
final class DockerVolumes {
  private static final Logger log = LoggerFactory.getLogger(DockerVolumes.class);
  private final DockerClient docker;

  DockerVolumes(DockerClient docker) {
    this.docker = docker;
  }

  /** Creates one volume per path; returns volume name -> container path. */
  Map<String, String> create(List<String> paths, Map<String, String> labels) {
    Map<String, String> mounts = new LinkedHashMap<>();
    try {
      for (String path : paths) {
        String name = "tork-" + UUID.randomUUID().toString().replace("-", "");
        docker.createVolumeCmd().withName(name).withLabels(labels).exec();
        mounts.put(name, path);
      }
      return mounts;
    } catch (RuntimeException e) {
      remove(mounts.keySet());
      throw e;
    }
  }

  void remove(Collection<String> names) {
    for (String name : names) {
      try {
        docker.removeVolumeCmd(name).exec();
      } catch (NotFoundException e) {
        // already gone
      } catch (DockerException e) {
        log.atWarn().addKeyValue("volume", name).addKeyValue("error", e.getMessage())
            .log("cannot remove volume");
      }
    }
  }

  void removeLabelled(String label) {
    var volumes = docker.listVolumesCmd().withFilter("label", List.of(label)).exec().getVolumes();
    if (volumes != null) {
      remove(volumes.stream().map(v -> v.getName()).toList());
    }
  }
}
