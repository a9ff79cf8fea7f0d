package io.tork.gateway.kafka;

import io.tork.kafka.Health;
import io.tork.kafka.KafkaClientFactory;
import io.tork.kafka.KafkaClients;
import io.tork.kafka.RestartingLoop;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.ScheduledJob;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.Topics;
import io.tork.model.codec.Redaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's own read model, built from the topics the scheduler writes ({@code job-views},
 * {@code task-views}) and from {@code jobs} itself, so that a job is readable here as PENDING as
 * soon as any gateway has had it acknowledged. It lives on disk ({@link ViewStore}, ADR 33): its
 * memory does not grow with history, and a restart resumes where it stopped rather than replaying
 * the topics. A read that misses waits until this view has consumed everything committed at the
 * time of the read: a GET right after a POST never 404s.
 */
public final class JobViews implements AutoCloseable {
  /** The component {@link Health} knows this view by. */
  public static final String NAME = "job-views";

  /** {@code GET /jobs/{id}} shows at most this many task records in {@code execution}... */
  public static final int EXECUTION_RECORDS = 1_000;

  /** ...and stops before they add up to more than this (the rest: {@code /jobs/{id}/tasks}). */
  public static final long EXECUTION_BYTES = 4L << 20;

  /**
   * How to run the view.
   *
   * @param kafka makes its consumer and admin client
   * @param stateDir where its store lives (one gateway per directory)
   * @param jobRetention how long a job is kept after it ended
   * @param logRetention how long a log part is kept
   */
  public record Settings(
      KafkaClientFactory kafka,
      Topics topics,
      Path stateDir,
      Duration jobRetention,
      Duration logRetention) {
    public Settings(String bootstrapServers, Topics topics, Path stateDir) {
      this(
          KafkaClients.to(bootstrapServers),
          topics,
          stateDir,
          ViewRetention.DEFAULT_JOBS,
          ViewRetention.DEFAULT_LOGS);
    }
  }

  private final Settings settings;
  private final Health health;
  private final ViewStore store;
  private final ViewQueries queries;
  private final ViewEvents events = new ViewEvents();
  private final ViewProgress progress;
  private final ViewConsumer consumer;
  private final ViewWriter writer;
  private final boolean temporary;
  private volatile RestartingLoop loop;
  private volatile boolean closed;

  /** A view whose store is in a temporary directory, removed when it closes (tests, tools). */
  public JobViews(String bootstrapServers, Topics topics) {
    this(new Settings(bootstrapServers, topics, temporaryDir()), new Health(), true);
  }

  public JobViews(Settings settings, Health health) {
    this(settings, health, false);
  }

  private JobViews(Settings settings, Health health, boolean temporary) {
    this.settings = settings;
    this.health = health;
    this.temporary = temporary;
    this.store = ViewStore.open(settings.stateDir().resolve("views"), ViewStore.Memory.DEFAULT);
    JobIndex index = new JobIndex(store);
    this.queries = new ViewQueries(store, index);
    this.progress = new ViewProgress(settings.kafka());
    ViewRetention retention =
        new ViewRetention(settings.jobRetention(), settings.logRetention(), Clock.systemUTC());
    this.writer = new ViewWriter(settings.topics(), index, retention, Clock.systemUTC());
    this.consumer = new ViewConsumer(settings, store, writer, retention, events, progress, health);
    health.report(NAME, Health.State.STARTING, "not started");
  }

  private static Path temporaryDir() {
    try {
      return Files.createTempDirectory("tork-gateway-view-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a directory for the view", e);
    }
  }

  /** The parts of the process this view reports to (and {@code /health} shows). */
  public Health health() {
    return health;
  }

  public void start() {
    if (closed) {
      throw new IllegalStateException("the job view is closed");
    }
    loop = RestartingLoop.start(NAME, health, consumer::run);
  }

  /** The job with the first of its task records (see {@link #EXECUTION_RECORDS}). */
  public Optional<JobSnapshot> find(String jobId) {
    Optional<JobSnapshot> found = queries.snapshot(jobId, EXECUTION_RECORDS, EXECUTION_BYTES);
    if (found.isPresent()) {
      return found;
    }
    return events
        .submittedJob(jobId)
        .map(job -> new JobSnapshot(job, List.of(), 0, Map.of(), Redaction.of(job, List.of())));
  }

  /** The job alone (cheaper than {@link #find} when its records are not shown). */
  public Optional<Job> job(String jobId) {
    return queries.job(jobId).or(() -> events.submittedJob(jobId));
  }

  /** The secrets of the job, its task records' included: redacts anything shown of it. */
  public Redaction redaction(String jobId) {
    return job(jobId).map(queries::redaction).orElseGet(Redaction::none);
  }

  /** The job's task records, in creation order, from the {@code offset}-th; read as consumed. */
  public Iterator<Task> tasks(String jobId, long offset) {
    return queries.tasks(jobId, offset);
  }

  public int executionCount(String jobId) {
    return queries.executionCount(jobId);
  }

  /**
   * Completes when the job reaches a terminal state (COMPLETED, FAILED or CANCELLED), with the job;
   * at once if it already has. Cancel the future to stop waiting.
   */
  public CompletableFuture<Job> awaitEnd(String jobId) {
    CompletableFuture<Job> ended = events.awaitEnd(jobId);
    queries.job(jobId).filter(job -> job.state().isTerminal()).ifPresent(ended::complete);
    return ended;
  }

  /** Serves a job this gateway has just had acknowledged, until the view reads it back. */
  public void submitted(Job job) {
    events.submitted(job);
  }

  /**
   * A page of the listing: jobs newest first, as {@code q} filters them. Jobs this gateway has just
   * had acknowledged are in it (it waits, briefly, for the view to read them back).
   */
  public ListPage list(String q, int page, int size) throws InterruptedException {
    return list(q, page, size, null);
  }

  /**
   * A page of the jobs a caller with {@code accessKeys} may see ({@link io.tork.model.Access};
   * null: every job, for an admin). It walks the jobs indexed under those keys, never every job.
   */
  public ListPage list(String q, int page, int size, java.util.@Nullable Set<String> accessKeys)
      throws InterruptedException {
    events.awaitSubmissionsSeen(Duration.ofSeconds(2));
    return queries.list(q, page, size, accessKeys);
  }

  /** How many jobs are in {@code state} now (kept by the listing's index: no walk). */
  public int jobCount(JobState state) {
    return queries.jobCount(state);
  }

  /** How many task records are RUNNING now (counted as records arrive). */
  public int runningTaskCount() {
    return queries.runningTaskCount();
  }

  /** One page of jobs and how many the query matches in all. */
  public record ListPage(List<Job> items, int totalItems) {}

  public Optional<ScheduledJob> scheduledJob(String id) {
    return queries.scheduledJob(id);
  }

  /** The scheduled jobs, newest first. */
  public List<ScheduledJob> scheduledJobs() {
    return queries.scheduledJobs();
  }

  public Optional<Task> task(String taskId) {
    return queries.task(taskId);
  }

  /** A task's log parts, newest first (or oldest first); read as consumed. */
  public Iterator<TaskLogPart> taskLog(String jobId, String taskId, boolean newestFirst) {
    return queries.taskLog(jobId, taskId, newestFirst);
  }

  /** A job's log parts: its newest task records first, each one's newest parts first. */
  public Iterator<TaskLogPart> jobLog(String jobId) {
    return queries.jobLog(jobId);
  }

  /** Calls {@code follower} with each new log part of the task; returns what stops following. */
  public Runnable followTaskLog(String taskId, Consumer<TaskLogPart> follower) {
    return events.followLog(taskId, follower);
  }

  /**
   * Calls {@code follower} with every new state of the job (a {@link Job}) and of its task records
   * (a {@link Task}); returns what stops following.
   */
  public Runnable followJob(String jobId, Consumer<Object> follower) {
    return events.followJob(jobId, follower);
  }

  /**
   * Tasks waiting in each queue (SCHEDULED: dispatched, not yet taken by a worker), by queue name.
   * Counted from the records rather than from the queue topics' offsets, which transaction markers
   * inflate (a queue holding one task can be two offsets long).
   */
  public Map<String, Long> waitingByQueue() {
    return queries.waitingByQueue();
  }

  /**
   * How many records this view has read from its topics since this process started it: after a
   * restart, only what was written while it was down (ADR 33).
   */
  public long recordsRead() {
    return consumer.recordsRead();
  }

  /** How many submitted documents this view has parsed since this process started it. */
  public long documentsParsed() {
    return writer.documentsParsed();
  }

  /** Consuming, and loaded: holds everything that was committed when this view started. */
  public boolean isLive() {
    RestartingLoop running = loop;
    return running != null && running.isAlive() && isLoaded();
  }

  /** Whether the view holds everything that was committed when it started. */
  public boolean isLoaded() {
    return progress.isLoaded();
  }

  /**
   * Blocks until this view holds everything that was committed when it started.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return progress.awaitLoaded(timeout);
  }

  /**
   * Blocks until this view has consumed every record committed to its topics when called.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return progress.awaitCaughtUp(timeout);
  }

  @Override
  public void close() {
    closed = true;
    consumer.stop();
    RestartingLoop running = loop;
    if (running != null) {
      // Its run ends at the wakeup, closing its consumer: only then is the loop closed (an
      // interrupt during the consumer's own close would cut it short, with an ERROR line).
      awaitEnd(running, Duration.ofSeconds(15));
      running.close();
    } else {
      health.remove(NAME);
    }
    progress.close();
    store.close();
    if (temporary) {
      deleteQuietly(settings.stateDir());
    }
  }

  /** Waits (polling a thread this view started) for {@code loop} to end by itself. */
  static void awaitEnd(RestartingLoop loop, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (loop.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory: the OS cleans it up eventually
    }
  }
}
