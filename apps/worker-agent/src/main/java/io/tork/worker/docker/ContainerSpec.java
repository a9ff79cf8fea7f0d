package io.tork.worker.docker;

import com.github.dockerjava.api.model.Bind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One container to run: the main task, or one of its pre/post tasks.
 *
 * @param label what to call it in logs and messages: "task", "pre task 'download'"
 * @param script the shell script to run; empty runs the image's own command
 * @param labels the task's labels, put on the container so orphans can be found
 * @param binds the task's volumes, shared by pre, main and post
 * @param readOutput whether {@code $TORK_OUTPUT} is the result (only for the main task)
 */
record ContainerSpec(
    String label,
    String image,
    String script,
    Map<String, String> env,
    Map<String, String> labels,
    List<Bind> binds,
    ResourceLimits limits,
    boolean readOutput) {
  static final String TORK_OUTPUT = "/" + TarArchives.DIR + "/" + TarArchives.STDOUT;
  static final String TORK_PROGRESS = "/" + TarArchives.DIR + "/" + TarArchives.PROGRESS;
  static final String ENTRYPOINT = "/" + TarArchives.DIR + "/" + TarArchives.ENTRYPOINT;

  /** The task's env, then Tork's variables, which the task cannot override. */
  List<String> envList() {
    List<String> list = new ArrayList<>();
    env.forEach((key, value) -> list.add(key + "=" + value));
    list.add("TORK_OUTPUT=" + TORK_OUTPUT);
    list.add("TORK_PROGRESS=" + TORK_PROGRESS);
    return list;
  }
}
