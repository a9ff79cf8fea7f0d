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

  /** The secrets of a job: secret-named inputs and env values of its tasks, pre and post. */
  public static Redaction of(Job job, List<Task> tasks) {
    Set<String> values = new LinkedHashSet<>();
    collect(job.inputs(), values);
    job.secrets().values().stream().filter(v -> !v.isEmpty()).forEach(values::add);
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
    if (spec.parallel() != null) {
      spec.parallel().tasks().forEach(child -> collect(child, values));
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
  public Redaction and(java.util.Collection<String> more) {
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

  /** Secret-named entries become {@code [REDACTED]}; the others have secret values replaced. */
  public Map<String, String> vars(Map<String, String> vars) {
    Map<String, String> out = new LinkedHashMap<>();
    vars.forEach((k, v) -> out.put(k, isSecretName(k) ? REDACTED : text(v)));
    return out;
  }

  public TaskSpec spec(TaskSpec s) {
    TaskSpec.Builder out =
        s.toBuilder()
            .run(text(s.run()))
            .env(vars(s.env()))
            .files(vars(s.files()))
            .cmd(s.cmd().stream().map(this::text).toList())
            .pre(s.pre().stream().map(this::aux).toList())
            .post(s.post().stream().map(this::aux).toList());
    if (s.parallel() != null) {
      out.parallel(new ParallelSpec(s.parallel().tasks().stream().map(this::spec).toList()));
    }
    if (s.each() != null && s.each().task() != null) {
      EachSpec e = s.each();
      out.each(new EachSpec(e.list(), e.var(), e.concurrency(), spec(e.task())));
    }
    if (s.subjob() != null) {
      SubJobSpec j = s.subjob();
      out.subjob(
          new SubJobSpec(
              j.name(),
              j.description(),
              j.tags(),
              j.tasks().stream().map(this::spec).toList(),
              vars(j.inputs()),
              all(j.secrets()),
              j.output(),
              j.webhooks().stream().map(this::webhook).toList(),
              j.detached()));
    }
    return out.build();
  }

  private WebhookSpec webhook(WebhookSpec w) {
    return new WebhookSpec(text(w.url()), vars(w.headers()), w.event(), w.condition());
  }

  private AuxTaskSpec aux(AuxTaskSpec a) {
    return new AuxTaskSpec(
        a.name(), a.description(), a.image(), text(a.run()), vars(a.env()), a.timeout());
  }

  /** Every value replaced: a map of secrets. */
  private static Map<String, String> all(Map<String, String> secrets) {
    Map<String, String> out = new LinkedHashMap<>();
    secrets.keySet().forEach(k -> out.put(k, REDACTED));
    return out;
  }

  public Task task(Task t) {
    return t.toBuilder()
        .spec(spec(t.spec()))
        .result(text(t.result()))
        .error(text(t.error()))
        .build();
  }

  /** The secrets of a scheduled job's definition. */
  public static Redaction of(ScheduledJob scheduled) {
    ScheduledJobSpec spec = scheduled.spec();
    return of(Job.pending(scheduled.id(), spec.job(), scheduled.createdAt()), List.of());
  }

  public ScheduledJob scheduledJob(ScheduledJob s) {
    ScheduledJobSpec spec = s.spec();
    Job redacted = job(Job.pending(s.id(), spec.job(), s.createdAt()));
    ScheduledJobSpec out =
        new ScheduledJobSpec(
            spec.name(),
            spec.description(),
            spec.tags(),
            redacted.inputs(),
            redacted.secrets(),
            redacted.tasks(),
            spec.output(),
            spec.defaults(),
            redacted.webhooks(),
            spec.autoDelete(),
            spec.schedule(),
            spec.permissions());
    return new ScheduledJob(s.id(), out, s.state(), s.createdAt(), s.lastTick(), s.createdBy());
  }

  public Job job(Job j) {
    return j.toBuilder()
        .inputs(vars(j.inputs()))
        .secrets(all(j.secrets()))
        .tasks(j.tasks().stream().map(this::spec).toList())
        .webhooks(j.webhooks().stream().map(this::webhook).toList())
        .error(text(j.error()))
        .result(text(j.result()))
        .build();
  }
}
