package io.tork.worker.docker;

import java.util.List;
import java.util.Map;

/**
 * One container to run: the main task, or one of its pre/post tasks.
 *
 * @param label what to call it in messages ("pre task 'download'")
 * @param volumes docker volume name -> container path, shared by pre, main and post
 */
record ContainerSpec(
    String label,
    String image,
    String script,
    Map<String, String> env,
    Map<String, String> labels,
    Map<String, String> volumes,
    long nanoCpus,
    long memoryBytes,
    boolean readOutput) {

  List<String> envList() {
    return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }
}
