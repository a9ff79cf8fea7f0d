package io.tork.model.codec;

import io.tork.model.Job;
import io.tork.model.ScheduledJob;
import io.tork.model.ScheduledJobSpec;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Secret redaction, Tork's rule made total: a variable whose name contains SECRET, PASSWORD or
 * ACCESS_KEY keeps its value in the container, but everywhere the engine shows or logs something,
 * the value reads {@code [REDACTED]}, and so does every occurrence of it inside other text (a
 * result, an error, a log line that echoes it). Values of a job's {@code secrets} are secrets
 * whatever their names.
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

  /** Redacts nothing but secret-named variables (what is known without the job). */
  public static Redaction none() {
    return new Redaction(Set.of());
  }

  public static boolean isSecretName(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return SECRET_MARKERS.stream().anyMatch(upper::contains);
  }

  /**
   * The secrets of a job: its {@code secrets}, secret-named inputs and env values of its tasks (pre
   * and post), its sub-jobs' secrets, its parent's secrets, and those its records carry.
   */
  public static Redaction of(Job job, List<Task> tasks) {
    Set<String> values = new LinkedHashSet<>();
    collect(job.inputs(), values);
    job.secrets().values().stream().filter(v -> !v.isEmpty()).forEach(values::add);
    job.parentSecrets().stream().filter(v -> !v.isEmpty()).forEach(values::add);
    job.tasks().forEach(spec -> collect(spec, values));
    tasks.forEach(task -> collect(task, values));
    return new Redaction(values);
  }

  /**
   * The secrets of one task record (what a worker knows): its job's, which it carries, and its own
   * secret-named env values.
   */
  public static Redaction of(Task task) {
    Set<String> values = new LinkedHashSet<>();
    collect(task, values);
    return new Redaction(values);
  }

  private static void collect(Task task, Set<String> values) {
    task.secrets().stream().filter(v -> !v.isEmpty()).forEach(values::add);
    collect(task.spec(), values);
  }

  private static void collect(TaskSpec spec, Set<String> values) {
    collect(spec.env(), values);
    spec.pre().forEach(aux -> collect(aux.env(), values));
    spec.post().forEach(aux -> collect(aux.env(), values));
    spec.sidecars().forEach(sidecar -> collect(sidecar.env(), values));
    if (spec.parallel() != null) {
      spec.parallel().tasks().forEach(child -> collect(child, values));
    }
    if (spec.dag() != null) {
      spec.dag().tasks().forEach(child -> collect(child, values));
    }
    if (spec.each() != null && spec.each().task() != null) {
      collect(spec.each().task(), values);
    }
    if (spec.subjob() != null) {
      spec.subjob().secrets().values().stream().filter(v -> !v.isEmpty()).forEach(values::add);
      spec.subjob().tasks().forEach(child -> collect(child, values));
    }
  }

  private static void collect(Map<String, String> vars, Set<String> values) {
    vars.forEach(
        (name, value) -> {
          if (isSecretName(name) && !value.isEmpty() && !value.contains("{{")) {
            values.add(value);
          }
        });
  }

  /** The secret values this redaction replaces (what a view keeps of a record's secrets). */
  public List<String> values() {
    return secrets;
  }

  /** This redaction and {@code more} values (a job's, with those its task records carry). */
  public Redaction and(Collection<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    Set<String> all = new LinkedHashSet<>(secrets);
    more.stream().filter(v -> !v.isEmpty()).forEach(all::add);
    return new Redaction(all);
  }

  public boolean isEmpty() {
    return secrets.isEmpty();
  }

  /** Whether a secret value occurs in {@code text}. */
  public boolean occursIn(String text) {
    for (String secret : secrets) {
      if (text.contains(secret)) {
        return true;
      }
    }
    return false;
  }

  /** {@code text} with every secret value replaced. */
  public String text(String text) {
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, REDACTED);
    }
    return out;
  }

  /**
   * How many characters at the end of {@code text} are the beginning (not the whole) of a secret:
   * where text that went through {@link #text} is cut (a long line split, an error shortened), that
   * many characters must go with the rest, or the cut would show the start of a secret.
   */
  public int partialSecretAtEnd(String text) {
    int longest = 0;
    for (String secret : secrets) {
      for (int k = Math.min(secret.length() - 1, text.length()); k > longest; k--) {
        if (text.regionMatches(text.length() - k, secret, 0, k)) {
          longest = k;
          break;
        }
      }
    }
    return longest;
  }

  /**
   * {@code t} as it may be shown: every string of it redacted, whatever the field (ADR 46): values
   * under secret-named keys read {@code [REDACTED]}, and so does every occurrence of a secret value
   * (this redaction's and the record's own) anywhere else.
   */
  public Task task(Task t) {
    return SecretTrees.redacted(t, Task.class, this);
  }

  /** The secrets of a scheduled job's definition. */
  public static Redaction of(ScheduledJob scheduled) {
    ScheduledJobSpec spec = scheduled.spec();
    return of(Job.pending(scheduled.id(), spec.job(), scheduled.createdAt()), List.of());
  }

  /** {@code s} as it may be shown, as {@link #task} shows a task. */
  public ScheduledJob scheduledJob(ScheduledJob s) {
    return SecretTrees.redacted(s, ScheduledJob.class, this);
  }

  /** {@code j} as it may be shown, as {@link #task} shows a task. */
  public Job job(Job j) {
    return SecretTrees.redacted(j, Job.class, this);
  }
}
