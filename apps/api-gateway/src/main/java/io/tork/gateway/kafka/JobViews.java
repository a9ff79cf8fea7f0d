package io.tork.gateway.kafka;

import io.tork.gateway.core.JobSnapshot;
import io.tork.gateway.core.Views;
import io.tork.kafka.Health;
import io.tork.kafka.KafkaClientFactory;
import io.tork.kafka.KafkaClients;
import io.tork.kafka.RestartingLoop;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Redaction;
import io.tork.model.ScheduledJob;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.Topics;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's own read model ({@link Views}: its jobs, task records, logs, scheduled jobs and
 * counts, each a projection of the store), built from the topics the scheduler writes ({@code
 * job-views}, {@code task-views}) and from {@code jobs} itself, so that a job is readable here as
 * PENDING as soon as any gateway has had it acknowledged. It lives on disk ({@link ViewStore}, ADR
 * 33): its memory does not grow with history, and a restart resumes where it stopped rather than
 * replaying the topics. A read that misses waits until this view has consumed everything committed
 * at the time of the read: a GET right after a POST never 404s.
 */
public final class JobViews implements Views, AutoCloseable {
  /** The component {@link Health} knows this view by. */
  public static final String NAME = "job-views";

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
  private final Projections projections;
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
    this.progress = new ViewProgress(settings.kafka());
    ViewRetention retention =
        new ViewRetention(settings.jobRetention(), settings.logRetention(), Clock.systemUTC());
    this.projections = Projections.over(store, retention, Clock.systemUTC());
    this.writer = new ViewWriter(settings.topics(), projections);
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

  @Override
  public Optional<JobSnapshot> find(String jobId) {
    Optional<JobSnapshot> found = jobs().snapshot(jobId, EXECUTION_RECORDS, EXECUTION_BYTES);
    if (found.isPresent()) {
      return found;
    }
    return events
        .submittedJob(jobId)
        .map(job -> new JobSnapshot(job, List.of(), 0, Map.of(), Redaction.of(job, List.of())));
  }

  @Override
  public Optional<Job> job(String jobId) {
    return jobs().job(jobId).or(() -> events.submittedJob(jobId));
  }

  @Override
  public Redaction redaction(String jobId) {
    return job(jobId).map(jobs()::redaction).orElseGet(Redaction::none);
  }

  @Override
  public Iterator<Task> tasks(String jobId, long offset) {
    return projections.tasks().tasks(jobId, offset);
  }

  @Override
  public int executionCount(String jobId) {
    return projections.tasks().executionCount(jobId);
  }

  @Override
  public CompletableFuture<Job> awaitEnd(String jobId) {
    CompletableFuture<Job> ended = events.awaitEnd(jobId);
    jobs().job(jobId).filter(job -> job.state().isTerminal()).ifPresent(ended::complete);
    return ended;
  }

  @Override
  public void submitted(Job job) {
    events.submitted(job);
  }

  /** Every job's page, as an admin sees them. */
  public ListPage list(String q, int page, int size) throws InterruptedException {
    return list(q, page, size, null);
  }

  /** Walks the jobs indexed under {@code accessKeys}, never every job. */
  @Override
  public ListPage list(String q, int page, int size, @Nullable Set<String> accessKeys)
      throws InterruptedException {
    events.awaitSubmissionsSeen(Duration.ofSeconds(2));
    return jobs().list(q, page, size, accessKeys);
  }

  /** Kept by the listing's index: no walk. */
  @Override
  public int jobCount(JobState state) {
    return jobs().jobCount(state);
  }

  @Override
  public int runningTaskCount() {
    return projections.tasks().runningTaskCount();
  }

  @Override
  public Optional<ScheduledJob> scheduledJob(String id) {
    return projections.schedules().scheduledJob(id);
  }

  @Override
  public List<ScheduledJob> scheduledJobs() {
    return projections.schedules().scheduledJobs();
  }

  @Override
  public Optional<Task> task(String taskId) {
    return projections.tasks().task(taskId);
  }

  @Override
  public Iterator<TaskLogPart> taskLog(String jobId, String taskId, boolean newestFirst) {
    return projections.logs().taskLog(jobId, taskId, newestFirst);
  }

  @Override
  public Iterator<TaskLogPart> jobLog(String jobId) {
    return projections.logs().jobLog(jobId);
  }

  @Override
  public Runnable followTaskLog(String taskId, Consumer<TaskLogPart> follower) {
    return events.followLog(taskId, follower);
  }

  @Override
  public Runnable followJob(String jobId, Consumer<Object> follower) {
    return events.followJob(jobId, follower);
  }

  /**
   * Counted from the records rather than from the queue topics' offsets, which transaction markers
   * inflate (a queue holding one task can be two offsets long).
   */
  @Override
  public Map<String, Long> waitingByQueue() {
    return projections.tasks().waitingByQueue();
  }

  private JobProjection jobs() {
    return projections.jobs();
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
  @Override
  public boolean isLoaded() {
    return progress.isLoaded();
  }

  /**
   * Blocks until this view holds everything that was committed when it started.
   *
   * @return false when {@code timeout} passed first
   */
  @Override
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return progress.awaitLoaded(timeout);
  }

  /**
   * Blocks until this view has consumed every record committed to its topics when called.
   *
   * @return false when {@code timeout} passed first
   */
  @Override
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
