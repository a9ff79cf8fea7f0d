package io.tork.scheduler.kafka;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.tork.kafka.Health;
import io.tork.kafka.HeartbeatPublisher;
import io.tork.kafka.TopicLayout;
import io.tork.model.JobIds;
import io.tork.model.Limits;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scheduler topology: creates the engine's topics, starts Kafka Streams, stops it. Its
 * stream threads report to the process's {@link Health} as part {@value #HEALTH}: DOWN while Kafka
 * Streams is not running, or while its threads keep failing ({@link SchedulerHealth}).
 */
public final class SchedulerApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SchedulerApp.class);

  /** The part of the process's health the stream threads report as. */
  public static final String HEALTH = "scheduler";

  private final SchedulerSettings settings;
  private final Health health;
  private final Incidents incidents = new Incidents();
  private final AdminQueueTopics queueTopics;
  private final KafkaStreams streams;
  private final SchedulerHealth streamsHealth;
  private final HeartbeatPublisher heartbeats;
  private final WebhookDispatcher webhooks;
  private final @Nullable KafkaStreamsMetrics streamsMeters;

  /** With the default {@link Limits}, reporting to a {@link Health} of its own. */
  public SchedulerApp(SchedulerSettings settings) {
    this(settings, Limits.DEFAULTS, new Health());
  }

  /** With the default {@link Limits}, reporting to {@code health} (the process's). */
  public SchedulerApp(SchedulerSettings settings, Health health) {
    this(settings, Limits.DEFAULTS, health);
  }

  /** Webhooks may reach no special address (loopback, private, link-local, ...). */
  public SchedulerApp(SchedulerSettings settings, Limits limits, Health health) {
    this(settings, limits, health, WebhookTargetPolicy.DEFAULT);
  }

  /**
   * @param limits what jobs may make; the same values in every process of the engine
   * @param health the process's, shared by all its parts
   * @param webhookTargets where webhook calls may connect ({@code --webhook-allow})
   */
  public SchedulerApp(
      SchedulerSettings settings, Limits limits, Health health, WebhookTargets webhookTargets) {
    this.settings = settings;
    this.health = health;
    TopicLayout layout =
        new TopicLayout(
            settings.topics(),
            settings.partitions(),
            settings.replicationFactor(),
            limits.maxRecordBytes());
    Admin admin = settings.kafka().admin();
    layout.createEngineTopics(admin);
    layout.raiseMaxMessageBytes(admin, SchedulerTopology.changelogTopics(settings.applicationId()));
    this.queueTopics = AdminQueueTopics.listingExisting(admin, layout);
    this.streams =
        new KafkaStreams(
            SchedulerTopology.build(
                settings.topics(),
                queueTopics,
                Clock.systemUTC(),
                JobIds::random,
                settings.nodeExpiry(),
                limits,
                incidents,
                new SchedulerMeters(settings.kafka().meterRegistry())),
            properties(settings, limits, incidents));
    this.streamsMeters =
        settings
            .kafka()
            .meters()
            .map(
                registry -> {
                  KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams);
                  binder.bindTo(registry);
                  return binder;
                })
            .orElse(null);
    this.streamsHealth = new SchedulerHealth(streams::state, incidents, Clock.systemUTC());
    this.heartbeats =
        new HeartbeatPublisher(
            settings.kafka().producer(HeartbeatPublisher.PRODUCER_CONFIG),
            settings.topics(),
            "scheduler-" + settings.instanceId(),
            "scheduler",
            Map.of(),
            () -> 0,
            settings.heartbeatInterval(),
            Clock.systemUTC());
    this.webhooks =
        new WebhookDispatcher(
            settings.kafka(),
            settings.topics(),
            settings.applicationId() + "-webhooks",
            Duration.ofMillis(Long.getLong("tork.webhooks.retry-unit-ms", 1000L)),
            limits,
            health,
            webhookTargets);
  }

  /** What the webhook dispatcher delivered, gave up and refused (for metrics). */
  public WebhookCounters webhookCounters() {
    return webhooks.counters();
  }

  /** How long the stream thread blocks waiting for input before it may commit. */
  static final long POLL_MS = Long.getLong("tork.scheduler.poll-ms", 5L);

  /** With the default {@link Limits}. */
  static Properties properties(SchedulerSettings settings) {
    return properties(settings, Limits.DEFAULTS, new Incidents());
  }

  static Properties properties(SchedulerSettings settings, Limits limits, Incidents incidents) {
    Properties props = new Properties();
    // The process's connection settings (servers, TLS, SASL), which Kafka Streams passes on to
    // every client it makes; its own settings below win over them.
    props.putAll(settings.kafka().config(Map.of()));
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.replicationFactor());
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
    // The stream thread blocks in poll for poll.ms before it commits, and under exactly-once the
    // output is visible only at commit: at the default 100 ms every transition waited ~100 ms
    // (ADR 9, measured by bench/run).
    props.put(StreamsConfig.POLL_MS_CONFIG, POLL_MS);
    // One transaction every commit interval: a retry of CONCURRENT_TRANSACTIONS after the default
    // 100 ms backoff would cost several commit intervals.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    props.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
        settings.applicationId() + "-" + settings.instanceId());
    // A crashed instance's tasks move to a live one after this long.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    // Records up to the limit go out, to topics (and store changelogs) that take them (ADR 30).
    int maxMessage = TopicLayout.maxMessageBytes(limits.maxRecordBytes());
    props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), maxMessage);
    props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), maxMessage);
    // A record no one can read is skipped, saying so, rather than stopping the thread for good.
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class);
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, OversizeRecordHandler.class);
    props.put(OversizeRecordHandler.INCIDENTS, incidents);
    return props;
  }

  /** Starts the topology and waits until it processes. */
  public void start(Duration timeout) {
    health.register(HEALTH, streamsHealth::component);
    streams.setUncaughtExceptionHandler(
        e -> {
          incidents.threadFailed(e);
          log.atError().setCause(e).log("incident: a scheduler stream thread failed; replacing it");
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.setStateListener(streamsHealth);
    streams.start();
    heartbeats.start();
    webhooks.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()) {
        throw new IllegalStateException(
            "scheduler did not reach RUNNING within " + timeout + ": " + streams.state());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the scheduler", e);
      }
    }
    log.atInfo()
        .addKeyValue("applicationId", settings.applicationId())
        .addKeyValue("bootstrap", settings.bootstrapServers())
        .log("scheduler running");
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  @Override
  public void close() {
    health.remove(HEALTH);
    heartbeats.close();
    webhooks.close();
    // Leave the group on a clean stop (a static member otherwise stays until its session times
    // out); a restart under the same instance id rejoins at once either way.
    streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
    if (streamsMeters != null) {
      streamsMeters.close();
    }
    queueTopics.close();
  }
}
