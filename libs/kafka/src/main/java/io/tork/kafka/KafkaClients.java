package io.tork.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * Plain Kafka clients (the scheduler's and the worker's), all made from one {@link
 * KafkaClientConfig}: the bootstrap servers and the properties of {@code --kafka-config}, then each
 * client's own settings. With a {@link MeterRegistry}, each producer and consumer is bound to
 * Micrometer's {@link KafkaClientMetrics} for as long as it is open. Immutable; its {@code
 * toString} names no property value (they may be credentials).
 */
public final class KafkaClients implements KafkaClientFactory {
  // One thread for every client's binder: each looks for new Kafka metrics once a minute.
  private static final ScheduledExecutorService METRICS_REFRESH =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("kafka-metrics").daemon().factory());

  private final KafkaClientConfig config;
  private final @Nullable MeterRegistry meters;

  private KafkaClients(KafkaClientConfig config, @Nullable MeterRegistry meters) {
    this.config = config;
    this.meters = meters;
  }

  /** Plaintext clients of the cluster at {@code bootstrapServers}, unmetered. */
  public static KafkaClients to(String bootstrapServers) {
    return new KafkaClients(KafkaClientConfig.plaintext(bootstrapServers), null);
  }

  public static KafkaClients of(KafkaClientConfig config) {
    return new KafkaClients(config, null);
  }

  /**
   * The clients a command line asks for ({@link KafkaClientConfig#load}).
   *
   * @throws IllegalArgumentException naming what is wrong, when they cannot be made
   */
  public static KafkaClients load(@Nullable String bootstrapServers, @Nullable Path file) {
    return of(KafkaClientConfig.load(bootstrapServers, file));
  }

  /** The same clients, each producer and consumer metered into {@code registry}. */
  public KafkaClients withMeters(MeterRegistry registry) {
    return new KafkaClients(config, registry);
  }

  public KafkaClientConfig config() {
    return config;
  }

  @Override
  public String bootstrapServers() {
    return config.bootstrapServers();
  }

  /**
   * Where this process's own meters go (task counts, durations): the registry the clients are
   * metered into, or one that keeps nothing.
   */
  public MeterRegistry meterRegistry() {
    return meters != null ? meters : new CompositeMeterRegistry();
  }

  /** Whether the clients are metered. */
  public Optional<MeterRegistry> meters() {
    return Optional.ofNullable(meters);
  }

  /** The configuration of a client whose own settings are {@code own}. */
  public Map<String, Object> config(Map<String, ?> own) {
    return config.with(own);
  }

  @Override
  public KafkaProducer<String, byte[]> producer(Map<String, ?> own) {
    Map<String, Object> settings = config(own);
    return meters == null
        ? new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())
        : new MeteredProducer(settings, meters);
  }

  @Override
  public KafkaConsumer<String, byte[]> consumer(Map<String, ?> own) {
    Map<String, Object> settings = config(own);
    return meters == null
        ? new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())
        : new MeteredConsumer(settings, meters);
  }

  /** An admin client (not metered: it only looks things up, now and then). */
  @Override
  public Admin admin() {
    return Admin.create(config(Map.of()));
  }

  /**
   * Binds the meters of {@code producer} into {@code registry}, tagged as every client of the
   * engine is ({@code client_id}, {@code kafka_version}: Prometheus needs one set of label names
   * per meter name); close the binder when the producer closes.
   */
  public static KafkaClientMetrics meter(Producer<?, ?> producer, MeterRegistry registry) {
    KafkaClientMetrics binder = new KafkaClientMetrics(producer, Tags.empty(), METRICS_REFRESH);
    binder.bindTo(registry);
    return binder;
  }

  /** The same for a consumer. */
  public static KafkaClientMetrics meter(Consumer<?, ?> consumer, MeterRegistry registry) {
    KafkaClientMetrics binder = new KafkaClientMetrics(consumer, Tags.empty(), METRICS_REFRESH);
    binder.bindTo(registry);
    return binder;
  }

  @Override
  public String toString() {
    return "KafkaClients" + config + (meters == null ? "" : " (metered)");
  }

  /** Runs {@code close}, then closes {@code binder} whatever it threw. */
  private static void closeThen(Runnable close, KafkaClientMetrics binder) {
    try {
      close.run();
    } finally {
      binder.close();
    }
  }

  /** A producer whose meters leave the registry when it closes. */
  private static final class MeteredProducer extends KafkaProducer<String, byte[]> {
    private final KafkaClientMetrics binder;

    MeteredProducer(Map<String, Object> settings, MeterRegistry registry) {
      super(settings, new StringSerializer(), new ByteArraySerializer());
      binder = meter((Producer<?, ?>) this, registry);
    }

    @Override
    public void close() {
      closeThen(super::close, binder);
    }

    @Override
    public void close(Duration timeout) {
      closeThen(() -> super.close(timeout), binder);
    }
  }

  /** A consumer whose meters leave the registry when it closes. */
  private static final class MeteredConsumer extends KafkaConsumer<String, byte[]> {
    private final KafkaClientMetrics binder;

    MeteredConsumer(Map<String, Object> settings, MeterRegistry registry) {
      super(settings, new StringDeserializer(), new ByteArrayDeserializer());
      binder = meter((Consumer<?, ?>) this, registry);
    }

    @Override
    public void close() {
      closeThen(super::close, binder);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void close(Duration timeout) {
      closeThen(() -> super.close(timeout), binder);
    }

    @Override
    public void close(CloseOptions options) {
      closeThen(() -> super.close(options), binder);
    }
  }
}
