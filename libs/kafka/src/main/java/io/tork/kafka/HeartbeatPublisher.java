package io.tork.kafka;

import io.tork.model.Heartbeat;
import io.tork.model.Topics;
import io.tork.model.codec.Json;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a node's heartbeat every interval (workers, schedulers and gateways alike). The scheduler
 * declares a worker dead when its heartbeats stop; the API lists nodes from them.
 */
public final class HeartbeatPublisher implements AutoCloseable {
  static final String VERSION = "0.1.0";
  private static final Logger log = LoggerFactory.getLogger(HeartbeatPublisher.class);

  private final String nodeId;
  private final String role;
  private final Map<String, Integer> queues;
  private final IntSupplier running;
  private final Duration interval;
  private final String topic;
  private final Clock clock;
  private final Instant startedAt;
  private final String hostname = hostname();
  private final Producer<String, byte[]> producer;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("heartbeat").factory());

  /** The settings of the producer to give it: a lost heartbeat is made up for by the next one. */
  public static final Map<String, Object> PRODUCER_CONFIG =
      Map.of(ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.LINGER_MS_CONFIG, 0);

  /**
   * @param producer made with {@link #PRODUCER_CONFIG}, closed with this publisher
   * @param queues the queues a worker serves, with their concurrency (empty for other roles)
   * @param running how many tasks the node runs now
   */
  public HeartbeatPublisher(
      Producer<String, byte[]> producer,
      Topics topics,
      String nodeId,
      String role,
      Map<String, Integer> queues,
      IntSupplier running,
      Duration interval,
      Clock clock) {
    this.nodeId = nodeId;
    this.role = role;
    this.queues = Map.copyOf(queues);
    this.running = running;
    this.interval = interval;
    this.topic = topics.heartbeats();
    this.clock = clock;
    this.startedAt = clock.instant();
    this.producer = producer;
  }

  /** Sends one heartbeat now (before the node takes tasks), then one every interval. */
  public void start() {
    beat();
    long every = interval.toMillis();
    timer.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  private void beat() {
    try {
      Heartbeat heartbeat =
          new Heartbeat(
              nodeId,
              role,
              hostname,
              queues,
              running.getAsInt(),
              cpuPercent(),
              usedMemory(),
              VERSION,
              startedAt,
              clock.instant());
      producer.send(new ProducerRecord<>(topic, nodeId, Json.write(heartbeat)));
    } catch (RuntimeException e) {
      log.atWarn().addKeyValue("error", e.getMessage()).log("heartbeat not sent");
    }
  }

  private static double cpuPercent() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      double load = os.getProcessCpuLoad();
      return load < 0 ? 0 : Math.round(load * 10_000) / 100.0;
    }
    return 0;
  }

  private static long usedMemory() {
    Runtime jvm = Runtime.getRuntime();
    return jvm.totalMemory() - jvm.freeMemory();
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    producer.close();
  }
}
