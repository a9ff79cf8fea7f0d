package io.tork.worker.kafka;

import io.tork.model.Heartbeat;
import io.tork.model.codec.Json;
import io.tork.worker.core.TaskExecutor;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends this worker's heartbeat every interval; the scheduler declares it dead when they stop. */
final class HeartbeatPublisher implements AutoCloseable {
  static final String VERSION = "0.1.0";
  private static final Logger log = LoggerFactory.getLogger(HeartbeatPublisher.class);

  private final WorkerSettings settings;
  private final TaskExecutor executor;
  private final Clock clock;
  private final Instant startedAt;
  private final String hostname = hostname();
  private final KafkaProducer<String, byte[]> producer;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("heartbeat").factory());

  HeartbeatPublisher(WorkerSettings settings, TaskExecutor executor, Clock clock) {
    this.settings = settings;
    this.executor = executor;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "1",
                ProducerConfig.LINGER_MS_CONFIG,
                0),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Sends one heartbeat now (before the node takes tasks), then one every interval. */
  void start() {
    beat();
    long every = settings.heartbeatInterval().toMillis();
    timer.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  private void beat() {
    try {
      Heartbeat heartbeat =
          new Heartbeat(
              settings.nodeId(),
              "worker",
              hostname,
              settings.queues(),
              executor.runningCount(),
              cpuPercent(),
              usedMemory(),
              VERSION,
              startedAt,
              clock.instant());
      producer.send(
          new ProducerRecord<>(
              settings.topics().heartbeats(), settings.nodeId(), Json.write(heartbeat)));
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
