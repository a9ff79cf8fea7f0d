package io.tork.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which networks and images a worker lets a task name: the part of a worker's isolation policy that
 * can be checked on the task alone, so the gateway can refuse at submission (400) what the worker
 * would refuse when the task reaches it (FAILED before any container starts).
 *
 * <ul>
 *   <li>{@code host} and {@code container:<id>} network modes share the host's or another
 *       container's network namespace (the engine's API and broker included): refused unless {@code
 *       hostNetworks}.
 *   <li>{@code allowedNetworks}, when not empty, are the only Docker networks a task may join;
 *       {@code none} (no network at all) is always allowed.
 *   <li>{@code allowedImages}, when not empty, are globs an image must match: {@code *} and {@code
 *       ?} stop at {@code /}, {@code **} does not; an image without a tag or digest is also tried
 *       as {@code image:latest}.
 * </ul>
 */
public record TaskPolicy(
    boolean hostNetworks, List<String> allowedNetworks, List<String> allowedImages) {
  /** The default: no host or container network modes, any named network, any image. */
  public static final TaskPolicy DEFAULT = new TaskPolicy(false, List.of(), List.of());

  public TaskPolicy {
    allowedNetworks = List.copyOf(allowedNetworks);
    allowedImages = List.copyOf(allowedImages);
    for (String glob : allowedImages) {
      if (glob.isBlank()) {
        throw new IllegalArgumentException("an allowed image must not be empty");
      }
    }
  }

  /** Why a task may not join {@code network}; empty when it may. */
  public Optional<String> networkRefusal(String network) {
    if (network.equals("host") || network.startsWith("container:")) {
      return hostNetworks
          ? Optional.empty()
          : Optional.of(
              "'"
                  + network
                  + "' shares the network of "
                  + (network.equals("host") ? "the host" : "another container")
                  + " and is not allowed (--allow-host-network allows it)");
    }
    if (network.equals("none") || allowedNetworks.isEmpty()) {
      return Optional.empty();
    }
    String name = network.equals("default") ? "bridge" : network;
    return allowedNetworks.contains(name)
        ? Optional.empty()
        : Optional.of("'" + network + "' is not one of the allowed networks " + allowedNetworks);
  }

  /** Why a task may not run {@code image}; empty when it may. */
  public Optional<String> imageRefusal(String image) {
    if (allowedImages.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = new ArrayList<>(List.of(image));
    String last = image.substring(image.lastIndexOf('/') + 1);
    if (!last.contains(":") && !last.contains("@")) {
      names.add(image + ":latest");
    }
    for (String glob : allowedImages) {
      Pattern pattern = globPattern(glob);
      if (names.stream().anyMatch(name -> pattern.matcher(name).matches())) {
        return Optional.empty();
      }
    }
    return Optional.of("'" + image + "' is not one of the allowed images " + allowedImages);
  }

  /**
   * What a regular task, as a worker receives it (its templates evaluated), names that this policy
   * refuses, each with its field: {@code networks[0]: ...}, {@code image: ...}, {@code
   * pre[0].image: ...}.
   */
  public List<String> refusals(TaskSpec task) {
    return refusals(task, false);
  }

  /**
   * Every refusal in a job as submitted, each with its path ({@code
   * tasks[1].parallel.tasks[0].networks[0]: ...}), through parallel, each and sub-job tasks. Images
   * that are still templates (they contain <code>{{</code>) are left to the worker, which sees them
   * evaluated.
   */
  public List<String> refusals(JobSpec job) {
    List<String> out = new ArrayList<>();
    tasks("tasks", job.tasks(), out);
    return out;
  }

  /**
   * @throws InvalidJobException naming each refusal in {@code job}
   */
  public JobSpec requireAllowed(JobSpec job) {
    List<String> refusals = refusals(job);
    if (!refusals.isEmpty()) {
      throw new InvalidJobException(refusals);
    }
    return job;
  }

  private void tasks(String path, List<TaskSpec> tasks, List<String> out) {
    for (int i = 0; i < tasks.size(); i++) {
      task(path + "[" + i + "]", tasks.get(i), out);
    }
  }

  private void task(String path, TaskSpec task, List<String> out) {
    if (task.parallel() != null) {
      tasks(path + ".parallel.tasks", task.parallel().tasks(), out);
    }
    if (task.dag() != null) {
      tasks(path + ".dag.tasks", task.dag().tasks(), out);
    }
    if (task.each() != null && task.each().task() != null) {
      task(path + ".each.task", task.each().task(), out);
    }
    if (task.subjob() != null) {
      tasks(path + ".subjob.tasks", task.subjob().tasks(), out);
    }
    if (!task.isComposite()) {
      refusals(task, true).forEach(refusal -> out.add(path + "." + refusal));
    }
  }

  private List<String> refusals(TaskSpec task, boolean skipTemplates) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < task.networks().size(); i++) {
      String at = "networks[" + i + "]: ";
      networkRefusal(task.networks().get(i)).ifPresent(why -> out.add(at + why));
    }
    image("image", task.image(), skipTemplates).ifPresent(out::add);
    for (String kind : List.of("pre", "post")) {
      List<AuxTaskSpec> aux = kind.equals("pre") ? task.pre() : task.post();
      for (int i = 0; i < aux.size(); i++) {
        // An aux task without an image runs the task's (TaskSteps).
        String image = aux.get(i).image().isEmpty() ? task.image() : aux.get(i).image();
        image(kind + "[" + i + "].image", image, skipTemplates).ifPresent(out::add);
      }
    }
    for (int i = 0; i < task.sidecars().size(); i++) {
      image("sidecars[" + i + "].image", task.sidecars().get(i).image(), skipTemplates)
          .ifPresent(out::add);
    }
    return out;
  }

  private Optional<String> image(String field, String image, boolean skipTemplates) {
    if (image.isEmpty() || (skipTemplates && image.contains("{{"))) {
      return Optional.empty();
    }
    return imageRefusal(image).map(why -> field + ": " + why);
  }

  /** {@code *} and {@code ?} within one path segment, {@code **} across them. */
  static Pattern globPattern(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
