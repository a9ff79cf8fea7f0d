package io.tork.gateway.core;

import io.tork.kafka.Health;
import io.tork.model.Access;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.ScheduledJob;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.TaskState;
import io.tork.model.codec.Redaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's read model in memory, for handler tests: what a test {@link #put}s is what the
 * routes read, at once (nothing to catch up with). Not loaded until {@link #load()}: meanwhile it
 * reports {@code job-views} STARTING to its {@link Health}, as the view on disk does. Queries mean
 * what the view's mean ({@code q}: {@code tag:x}, {@code tags:a,b} and words), over every job.
 */
public final class InMemoryViews implements Views {
  /** The component the view reports as, as {@code JobViews} does. */
  public static final String NAME = "job-views";

  private final Health health;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, Job> submitted = new ConcurrentHashMap<>();
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final List<TaskLogPart> logs = new CopyOnWriteArrayList<>();
  private final Map<String, ScheduledJob> scheduled = new ConcurrentHashMap<>();
  private final Map<String, List<Consumer<Object>>> jobFollowers = new ConcurrentHashMap<>();
  private final Map<String, List<Consumer<TaskLogPart>>> logFollowers = new ConcurrentHashMap<>();
  private final Map<String, List<CompletableFuture<Job>>> endWaiters = new ConcurrentHashMap<>();
  private volatile boolean loaded;

  public InMemoryViews(Health health) {
    this.health = health;
    health.report(NAME, Health.State.STARTING, "not started");
  }

  /** A view loaded at once, with a health of its own. */
  public static InMemoryViews loaded() {
    return new InMemoryViews(new Health()).load();
  }

  /** From now on it holds everything (and is UP). */
  public InMemoryViews load() {
    loaded = true;
    health.up(NAME);
    return this;
  }

  public Health health() {
    return health;
  }

  /** A job's state, a task record or a log part, as if read from its topic; followers are told. */
  public InMemoryViews put(Object record) {
    switch (record) {
      case Job job -> {
        jobs.put(job.id(), job);
        followers(jobFollowers, job.id()).forEach(f -> f.accept(job));
        if (job.state().isTerminal()) {
          List<CompletableFuture<Job>> waiting = endWaiters.remove(job.id());
          if (waiting != null) {
            waiting.forEach(w -> w.complete(job));
          }
        }
      }
      case Task task -> {
        tasks.put(task.id(), task);
        followers(jobFollowers, task.jobId()).forEach(f -> f.accept(task));
      }
      case TaskLogPart part -> {
        logs.removeIf(p -> p.taskId().equals(part.taskId()) && p.number() == part.number());
        logs.add(part);
        followers(logFollowers, part.taskId()).forEach(f -> f.accept(part));
      }
      case ScheduledJob s -> scheduled.put(s.id(), s);
      default -> throw new IllegalArgumentException("not a view record: " + record);
    }
    return this;
  }

  /** The jobs this gateway has had acknowledged and not yet read back (see {@link #submitted}). */
  public Map<String, Job> submittedJobs() {
    return Map.copyOf(submitted);
  }

  @Override
  public boolean isLoaded() {
    return loaded;
  }

  @Override
  public boolean awaitLoaded(Duration timeout) {
    return loaded;
  }

  @Override
  public boolean awaitCaughtUp(Duration timeout) {
    return loaded;
  }

  @Override
  public Optional<JobSnapshot> find(String jobId) {
    return job(jobId)
        .map(
            job -> {
              List<Task> all = tasksOf(jobId);
              List<Task> shown = all.stream().limit(EXECUTION_RECORDS).toList();
              return new JobSnapshot(
                  job, shown, all.size(), outputs(all), redaction(job, shown, all));
            });
  }

  @Override
  public Optional<Job> job(String jobId) {
    return Optional.ofNullable(jobs.get(jobId)).or(() -> Optional.ofNullable(submitted.get(jobId)));
  }

  @Override
  public Redaction redaction(String jobId) {
    return job(jobId)
        .map(job -> redaction(job, List.of(), tasksOf(jobId)))
        .orElseGet(Redaction::none);
  }

  private static Redaction redaction(Job job, List<Task> shown, List<Task> all) {
    List<String> secrets = new ArrayList<>();
    all.forEach(t -> secrets.addAll(Redaction.of(t).values()));
    return Redaction.of(job, shown).and(secrets);
  }

  /** The latest output of each var, by creation order (as the view keeps them). */
  private static Map<String, String> outputs(List<Task> all) {
    Map<String, String> out = new TreeMap<>();
    for (Task t : all) {
      if (t.state() == TaskState.COMPLETED && !t.spec().var().isEmpty() && !t.result().isEmpty()) {
        out.put(t.spec().var(), t.result());
      }
    }
    return out;
  }

  @Override
  public ListPage list(String q, int page, int size, @Nullable Set<String> accessKeys) {
    Map<String, Job> all = new LinkedHashMap<>(submitted);
    all.putAll(jobs);
    List<Job> matching =
        all.values().stream()
            .filter(j -> accessKeys == null || Access.mayAccess(accessKeys, j.accessKeys()))
            .filter(j -> matches(q, j))
            .sorted(Comparator.comparing(Job::createdAt).reversed().thenComparing(Job::id))
            .toList();
    List<Job> items = matching.stream().skip((long) (page - 1) * size).limit(size).toList();
    return new ListPage(items, matching.size());
  }

  /** The view's query: every {@code tag:}/{@code tags:} group and every word must match. */
  private static boolean matches(String q, Job job) {
    String text =
        (job.name() + "\n" + job.description() + "\n" + job.state()).toLowerCase(Locale.ROOT);
    for (String token : q.trim().split("\\s+")) {
      String lower = token.toLowerCase(Locale.ROOT);
      if (lower.startsWith("tag:") || lower.startsWith("tags:")) {
        List<String> group =
            Arrays.stream(token.substring(token.indexOf(':') + 1).split(","))
                .filter(t -> !t.isBlank())
                .toList();
        if (group.stream().noneMatch(job.tags()::contains)) {
          return false;
        }
      } else if (!text.contains(lower)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public CompletableFuture<Job> awaitEnd(String jobId) {
    CompletableFuture<Job> ended = new CompletableFuture<>();
    Job now = jobs.get(jobId);
    if (now != null && now.state().isTerminal()) {
      ended.complete(now);
      return ended;
    }
    endWaiters.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(ended);
    ended.whenComplete((job, error) -> followers(endWaiters, jobId).remove(ended));
    return ended;
  }

  @Override
  public void submitted(Job job) {
    submitted.put(job.id(), job);
  }

  @Override
  public Runnable followJob(String jobId, Consumer<Object> follower) {
    return follow(jobFollowers, jobId, follower);
  }

  @Override
  public Optional<Task> task(String taskId) {
    return Optional.ofNullable(tasks.get(taskId));
  }

  @Override
  public Iterator<Task> tasks(String jobId, long offset) {
    return tasksOf(jobId).stream().skip(offset).iterator();
  }

  private List<Task> tasksOf(String jobId) {
    return tasks.values().stream()
        .filter(t -> t.jobId().equals(jobId))
        .sorted(Comparator.comparingInt(Task::seq))
        .toList();
  }

  @Override
  public int executionCount(String jobId) {
    return tasksOf(jobId).size();
  }

  @Override
  public Iterator<TaskLogPart> taskLog(String jobId, String taskId, boolean newestFirst) {
    Comparator<TaskLogPart> order = Comparator.comparingInt(TaskLogPart::number);
    return logs.stream()
        .filter(p -> p.jobId().equals(jobId) && p.taskId().equals(taskId))
        .sorted(newestFirst ? order.reversed() : order)
        .iterator();
  }

  @Override
  public Iterator<TaskLogPart> jobLog(String jobId) {
    List<TaskLogPart> out = new ArrayList<>();
    List<Task> newestFirst = new ArrayList<>(tasksOf(jobId));
    java.util.Collections.reverse(newestFirst);
    newestFirst.forEach(t -> taskLog(jobId, t.id(), true).forEachRemaining(out::add));
    return out.iterator();
  }

  @Override
  public Runnable followTaskLog(String taskId, Consumer<TaskLogPart> follower) {
    return follow(logFollowers, taskId, follower);
  }

  @Override
  public Optional<ScheduledJob> scheduledJob(String id) {
    return Optional.ofNullable(scheduled.get(id));
  }

  @Override
  public List<ScheduledJob> scheduledJobs() {
    return scheduled.values().stream()
        .sorted(
            Comparator.comparing(ScheduledJob::createdAt)
                .reversed()
                .thenComparing(ScheduledJob::id))
        .toList();
  }

  @Override
  public int jobCount(JobState state) {
    return (int) jobs.values().stream().filter(j -> j.state() == state).count();
  }

  @Override
  public int runningTaskCount() {
    return (int) tasks.values().stream().filter(t -> t.state() == TaskState.RUNNING).count();
  }

  @Override
  public Map<String, Long> waitingByQueue() {
    Map<String, Long> out = new TreeMap<>();
    tasks.values().stream()
        .filter(t -> t.state() == TaskState.SCHEDULED)
        .forEach(t -> out.merge(t.queue(), 1L, Long::sum));
    return out;
  }

  @Override
  public Iterator<String> jobsWaitingOn(String queue) {
    return tasks.values().stream()
        .filter(t -> t.state() == TaskState.SCHEDULED && t.queue().equals(queue))
        .map(Task::jobId)
        .distinct()
        .sorted()
        .iterator();
  }

  private static <T> List<T> followers(Map<String, List<T>> all, String key) {
    return all.getOrDefault(key, List.of());
  }

  private static <T> Runnable follow(Map<String, List<T>> all, String key, T follower) {
    all.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(follower);
    return () -> followers(all, key).remove(follower);
  }
}
