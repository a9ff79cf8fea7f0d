package io.tork.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One task as the user wrote it. {@code condition} is the YAML/JSON field {@code if}; {@code var}
 * names the job-context entry that receives the task's {@code $TORK_OUTPUT}. A task is either
 * regular (an image and a script, cmd or entrypoint) or composite: exactly one of {@code parallel},
 * {@code each}, {@code subjob}, {@code dag}. {@code dependencies} (a {@code dag}'s child only)
 * names the tasks of its dag that must have completed before it starts. An optional field the user
 * left out is empty (or null, for {@code priority}, {@code retry} and {@code limits}), which is how
 * {@code defaults} tell "unset" from an explicit value such as {@code priority: 0}.
 */
public record TaskSpec(
    String name,
    String description,
    List<String> tags,
    String image,
    String run,
    List<String> cmd,
    List<String> entrypoint,
    Map<String, String> env,
    Map<String, String> files,
    String workdir,
    String queue,
    @Nullable Integer priority,
    List<AuxTaskSpec> pre,
    List<AuxTaskSpec> post,
    List<SidecarSpec> sidecars,
    List<String> volumes,
    List<MountSpec> mounts,
    List<String> networks,
    @Nullable RetrySpec retry,
    String timeout,
    @Nullable LimitsSpec limits,
    String gpus,
    String var,
    String condition,
    @Nullable ParallelSpec parallel,
    @Nullable EachSpec each,
    @Nullable SubJobSpec subjob,
    @Nullable DagSpec dag,
    List<String> dependencies) {
  public TaskSpec {
    name = Strings.orEmpty(name);
    description = Strings.orEmpty(description);
    tags = Strings.copy(tags);
    image = Strings.orEmpty(image);
    run = Strings.orEmpty(run);
    cmd = Strings.copy(cmd);
    entrypoint = Strings.copy(entrypoint);
    env = Strings.copy(env);
    files = Strings.copy(files);
    workdir = Strings.orEmpty(workdir);
    queue = Strings.orEmpty(queue);
    pre = Strings.copy(pre);
    post = Strings.copy(post);
    sidecars = Strings.copy(sidecars);
    volumes = Strings.copy(volumes);
    mounts = Strings.copy(mounts);
    networks = Strings.copy(networks);
    timeout = Strings.orEmpty(timeout);
    gpus = Strings.orEmpty(gpus);
    var = Strings.orEmpty(var);
    condition = Strings.orEmpty(condition);
    dependencies = Strings.copy(dependencies);
  }

  /** A minimal task: a name, an image and a script. */
  public static TaskSpec of(String name, String image, String run) {
    return builder().name(name).image(image).run(run).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The priority the task runs with: its own, or 0 when it set none (and no default applied). */
  public int effectivePriority() {
    return priority == null ? 0 : priority;
  }

  /** Whether this task runs its children (parallel, each, dag) or a sub-job, not a container. */
  public boolean isComposite() {
    return parallel != null || each != null || subjob != null || dag != null;
  }

  public TaskSpec withEnv(Map<String, String> newEnv) {
    return toBuilder().env(newEnv).build();
  }

  public TaskSpec withQueue(String newQueue) {
    return toBuilder().queue(newQueue).build();
  }

  /** Builds specs field by field; unset fields are empty. */
  public static final class Builder {
    private String name;
    private String description;
    private List<String> tags;
    private String image;
    private String run;
    private List<String> cmd;
    private List<String> entrypoint;
    private Map<String, String> env;
    private Map<String, String> files;
    private String workdir;
    private String queue;
    private @Nullable Integer priority;
    private List<AuxTaskSpec> pre;
    private List<AuxTaskSpec> post;
    private List<SidecarSpec> sidecars;
    private List<String> volumes;
    private List<MountSpec> mounts;
    private List<String> networks;
    private @Nullable RetrySpec retry;
    private String timeout;
    private @Nullable LimitsSpec limits;
    private String gpus;
    private String var;
    private String condition;
    private @Nullable ParallelSpec parallel;
    private @Nullable EachSpec each;
    private @Nullable SubJobSpec subjob;
    private @Nullable DagSpec dag;
    private List<String> dependencies;

    private Builder() {}

    private Builder(TaskSpec s) {
      name = s.name;
      description = s.description;
      tags = s.tags;
      image = s.image;
      run = s.run;
      cmd = s.cmd;
      entrypoint = s.entrypoint;
      env = s.env;
      files = s.files;
      workdir = s.workdir;
      queue = s.queue;
      priority = s.priority;
      pre = s.pre;
      post = s.post;
      sidecars = s.sidecars;
      volumes = s.volumes;
      mounts = s.mounts;
      networks = s.networks;
      retry = s.retry;
      timeout = s.timeout;
      limits = s.limits;
      gpus = s.gpus;
      var = s.var;
      condition = s.condition;
      parallel = s.parallel;
      each = s.each;
      subjob = s.subjob;
      dag = s.dag;
      dependencies = s.dependencies;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder description(String v) {
      description = v;
      return this;
    }

    public Builder tags(List<String> v) {
      tags = v;
      return this;
    }

    public Builder image(String v) {
      image = v;
      return this;
    }

    public Builder run(String v) {
      run = v;
      return this;
    }

    public Builder cmd(List<String> v) {
      cmd = v;
      return this;
    }

    public Builder entrypoint(List<String> v) {
      entrypoint = v;
      return this;
    }

    public Builder env(Map<String, String> v) {
      env = v;
      return this;
    }

    public Builder files(Map<String, String> v) {
      files = v;
      return this;
    }

    public Builder workdir(String v) {
      workdir = v;
      return this;
    }

    public Builder queue(String v) {
      queue = v;
      return this;
    }

    public Builder priority(@Nullable Integer v) {
      priority = v;
      return this;
    }

    public Builder pre(List<AuxTaskSpec> v) {
      pre = v;
      return this;
    }

    public Builder post(List<AuxTaskSpec> v) {
      post = v;
      return this;
    }

    public Builder sidecars(List<SidecarSpec> v) {
      sidecars = v;
      return this;
    }

    public Builder volumes(List<String> v) {
      volumes = v;
      return this;
    }

    public Builder mounts(List<MountSpec> v) {
      mounts = v;
      return this;
    }

    public Builder networks(List<String> v) {
      networks = v;
      return this;
    }

    public Builder retry(@Nullable RetrySpec v) {
      retry = v;
      return this;
    }

    public Builder timeout(String v) {
      timeout = v;
      return this;
    }

    public Builder limits(@Nullable LimitsSpec v) {
      limits = v;
      return this;
    }

    public Builder gpus(String v) {
      gpus = v;
      return this;
    }

    public Builder var(String v) {
      var = v;
      return this;
    }

    public Builder condition(String v) {
      condition = v;
      return this;
    }

    public Builder parallel(@Nullable ParallelSpec v) {
      parallel = v;
      return this;
    }

    public Builder each(@Nullable EachSpec v) {
      each = v;
      return this;
    }

    public Builder subjob(@Nullable SubJobSpec v) {
      subjob = v;
      return this;
    }

    public Builder dag(@Nullable DagSpec v) {
      dag = v;
      return this;
    }

    public Builder dependencies(List<String> v) {
      dependencies = v;
      return this;
    }

    public TaskSpec build() {
      return new TaskSpec(
          name,
          description,
          tags,
          image,
          run,
          cmd,
          entrypoint,
          env,
          files,
          workdir,
          queue,
          priority,
          pre,
          post,
          sidecars,
          volumes,
          mounts,
          networks,
          retry,
          timeout,
          limits,
          gpus,
          var,
          condition,
          parallel,
          each,
          subjob,
          dag,
          dependencies);
    }
  }
}
