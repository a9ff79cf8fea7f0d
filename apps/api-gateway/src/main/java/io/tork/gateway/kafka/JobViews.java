package io.tork.gateway.kafka;

import io.tork.gateway.core.Views;
import io.tork.kafka.Health;
import io.tork.kafka.KafkaClientFactory;
import io.tork.kafka.KafkaClients;
import io.tork.kafka.RestartingLoop;
import io.tork.model.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The gateway's own read model ({@link Views}: its jobs, task records, logs, scheduled jobs and
 * counts, each a projection of the store), built from the topics the scheduler writes ({@code
 * job-views}, {@code task-views}) and from {@code jobs} itself, so that a job is readable here as
 * PENDING as soon as any gateway has had it acknowledged. It lives on disk ({@link ViewStore}, ADR
 * 33): its memory does not grow with history, and a restart resumes where it stopped rather than
 * replaying the topics. A read that misses waits until this view has consumed everything committed
 * at the time of the read: a GET right after a POST never 404s.
 */
public final class JobViews extends StoredViews implements AutoCloseable {
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
    this(settings, health, temporary, Parts.open(settings));
  }

  private JobViews(Settings settings, Health health, boolean temporary, Parts parts) {
    super(parts.projections(), parts.events(), parts.progress());
    this.settings = settings;
    this.health = health;
    this.temporary = temporary;
    this.store = parts.store();
    this.progress = parts.progress();
    this.writer = new ViewWriter(settings.topics(), parts.projections());
    this.consumer =
        new ViewConsumer(
            settings, store, writer, parts.retention(), parts.events(), progress, health);
    health.report(NAME, Health.State.STARTING, "not started");
  }

  /** What the view is made of, opened in this order: the store first. */
  private record Parts(
      ViewStore store,
      ViewProgress progress,
      ViewRetention retention,
      Projections projections,
      ViewEvents events) {
    static Parts open(Settings settings) {
      ViewStore store =
          ViewStore.open(settings.stateDir().resolve("views"), ViewStore.Memory.DEFAULT);
      ViewProgress progress = new ViewProgress(settings.kafka());
      ViewRetention retention =
          new ViewRetention(settings.jobRetention(), settings.logRetention(), Clock.systemUTC());
      return new Parts(
          store,
          progress,
          retention,
          Projections.over(store, retention, Clock.systemUTC()),
          new ViewEvents());
    }
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

  @Override
  public void close() {
    closed = true;
    consumer.stop();
    RestartingLoop running = loop;
    if (running != null) {
      // Its run ends at the wakeup, closing its consumer: only then is the loop closed (an
      // interrupt during the consumer's own close would cut it short, with an ERROR line).
      running.closeWhenEnded(Duration.ofSeconds(15));
    } else {
      health.remove(NAME);
    }
    progress.close();
    store.close();
    if (temporary) {
      deleteQuietly(settings.stateDir());
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
