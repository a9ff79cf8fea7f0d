package io.tork.scheduler.kafka;

import io.tork.model.Topics;
import io.tork.model.WebhookCall;
import io.tork.model.codec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the webhook calls the scheduler decided on, apart from it: a slow or dead endpoint never
 * holds up a transition. Reads {@code webhooks} in a consumer group (each call goes to one
 * scheduler instance), POSTs each call of a batch concurrently, and commits the batch once every
 * call is delivered or given up: at-least-once. As in Tork: {@code Content-Type: application/json;
 * charset=UTF-8}, a 5 s timeout, up to 5 attempts, retried on a connection error or 429, 500, 502,
 * 503, 504 after {@code 2 x attempt} seconds; any other status ends the call.
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  static final int MAX_ATTEMPTS = 5;
  private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Topics topics;
  private final Duration retryUnit;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
  private final Thread thread;
  private volatile boolean stopping;

  /**
   * @param retryUnit the wait before attempt n+1 is {@code 2 x n x retryUnit} (1 s in Tork)
   */
  public WebhookDispatcher(
      String bootstrapServers, Topics topics, String groupId, Duration retryUnit) {
    this.topics = topics;
    this.retryUnit = retryUnit;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                groupId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                100,
                // A batch may take 5 attempts x (5 s + backoff): well under this.
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                300_000),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    this.thread = Thread.ofPlatform().name("webhooks").unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topics.webhooks()));
      while (!stopping) {
        try {
          deliverBatch();
        } catch (org.apache.kafka.common.KafkaException e) {
          if (e instanceof WakeupException && stopping) {
            break;
          }
          // Uncommitted calls come again: delivery is at-least-once.
          log.atWarn().addKeyValue("error", e.toString()).log("webhook consumer error; retrying");
          Thread.sleep(1000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void deliverBatch() throws InterruptedException {
    ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
    if (batch.isEmpty()) {
      return;
    }
    List<Future<?>> sending = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : batch) {
      if (record.value() != null) {
        sending.add(senders.submit(() -> deliver(record)));
      }
    }
    for (Future<?> future : sending) {
      try {
        future.get();
      } catch (java.util.concurrent.ExecutionException e) {
        log.atError().setCause(e.getCause()).log("webhook delivery failed");
      }
    }
    consumer.commitSync();
  }

  private void deliver(ConsumerRecord<String, byte[]> record) {
    try {
      deliver(Json.read(record.value(), WebhookCall.class));
    } catch (RuntimeException e) {
      log.atError()
          .setCause(e)
          .addKeyValue("jobId", record.key())
          .addKeyValue("offset", record.offset())
          .log("webhook call dropped: it cannot be made");
    }
  }

  /** POSTs the call, retrying as Tork does. */
  void deliver(WebhookCall call) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(call.url()))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(call.payload()));
    call.headers().forEach(request::setHeader);
    HttpRequest built = request.build();
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      String failure;
      try {
        int status = http.send(built, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 == 2) {
          log.atInfo()
              .addKeyValue("jobId", call.jobId())
              .addKeyValue("event", call.event())
              .addKeyValue("url", call.url())
              .addKeyValue("attempt", attempt)
              .log("webhook delivered");
          return;
        }
        if (!RETRYABLE.contains(status)) {
          log.atWarn()
              .addKeyValue("jobId", call.jobId())
              .addKeyValue("url", call.url())
              .addKeyValue("status", status)
              .log("webhook refused; not retried");
          return;
        }
        failure = "status " + status;
      } catch (IOException e) {
        failure = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      log.atWarn()
          .addKeyValue("jobId", call.jobId())
          .addKeyValue("url", call.url())
          .addKeyValue("attempt", attempt)
          .addKeyValue("error", failure)
          .log(attempt < MAX_ATTEMPTS ? "webhook failed; will retry" : "webhook failed; giving up");
      if (attempt < MAX_ATTEMPTS) {
        try {
          Thread.sleep(retryUnit.multipliedBy(2L * attempt));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    stopping = true;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    senders.shutdownNow();
  }
}
