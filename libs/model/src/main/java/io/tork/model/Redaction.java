package io.tork.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Secret redaction, Tork's rule made total: a variable whose name contains SECRET, PASSWORD or
 * ACCESS_KEY keeps its value in the container, but everywhere the engine shows or logs something,
 * the value reads {@code [REDACTED]}, and so does every occurrence of it inside other text (a
 * result, an error, a log line that echoes it).
 */
public final class Redaction {
  public static final String REDACTED = "[REDACTED]";
  private static final List<String> SECRET_MARKERS = List.of("SECRET", "PASSWORD", "ACCESS_KEY");

  private final List<String> secrets;

  private Redaction(Set<String> secrets) {
    // Longest first, so that a secret containing another is replaced whole.
    List<String> sorted = new ArrayList<>(secrets);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(sorted);
  }

  public static boolean isSecretName(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return SECRET_MARKERS.stream().anyMatch(upper::contains);
  }

  /** The secrets of a job: secret-named inputs and env values of its tasks, pre and post. */
  public static Redaction of(Job job, List<Task> tasks) {
    Set<String> values = new LinkedHashSet<>();
    collect(job.inputs(), values);
    job.tasks().forEach(spec -> collect(spec, values));
    tasks.forEach(task -> collect(task.spec(), values));
    return new Redaction(values);
  }

  /** The secrets of one task record (what a worker knows). */
  public static Redaction of(Task task) {
    Set<String> values = new LinkedHashSet<>();
    collect(task.spec(), values);
    return new Redaction(values);
  }

  private static void collect(TaskSpec spec, Set<String> values) {
    collect(spec.env(), values);
    spec.pre().forEach(aux -> collect(aux.env(), values));
    spec.post().forEach(aux -> collect(aux.env(), values));
  }

  private static void collect(Map<String, String> vars, Set<String> values) {
    vars.forEach(
        (name, value) -> {
          if (isSecretName(name) && !value.isEmpty() && !value.contains("{{")) {
            values.add(value);
          }
        });
  }

  public boolean isEmpty() {
    return secrets.isEmpty();
  }

  /** {@code text} with every secret value replaced. */
  public String text(String text) {
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, REDACTED);
    }
    return out;
  }

  /** Secret-named entries become {@code [REDACTED]}; the others have secret values replaced. */
  public Map<String, String> vars(Map<String, String> vars) {
    Map<String, String> out = new LinkedHashMap<>();
    vars.forEach((k, v) -> out.put(k, isSecretName(k) ? REDACTED : text(v)));
    return out;
  }

  public TaskSpec spec(TaskSpec s) {
    return new TaskSpec(
        s.name(),
        s.description(),
        s.image(),
        text(s.run()),
        vars(s.env()),
        s.queue(),
        s.pre().stream().map(this::aux).toList(),
        s.post().stream().map(this::aux).toList(),
        s.volumes(),
        s.retry(),
        s.timeout(),
        s.limits(),
        s.var(),
        s.condition());
  }

  private AuxTaskSpec aux(AuxTaskSpec a) {
    return new AuxTaskSpec(
        a.name(), a.description(), a.image(), text(a.run()), vars(a.env()), a.timeout());
  }

  public Task task(Task t) {
    return new Task(
        t.id(),
        t.jobId(),
        t.seq(),
        t.position(),
        t.attempt(),
        t.recoveries(),
        t.state(),
        spec(t.spec()),
        t.queue(),
        t.createdAt(),
        t.scheduledAt(),
        t.startedAt(),
        t.completedAt(),
        t.failedAt(),
        t.nodeId(),
        text(t.result()),
        text(t.error()));
  }

  public Job job(Job j) {
    return new Job(
        j.id(),
        j.name(),
        j.description(),
        j.state(),
        j.createdAt(),
        j.startedAt(),
        j.completedAt(),
        j.failedAt(),
        j.position(),
        j.taskSeq(),
        vars(j.inputs()),
        vars(j.outputs()),
        j.tasks().stream().map(this::spec).toList(),
        text(j.error()),
        text(j.result()));
  }
}
