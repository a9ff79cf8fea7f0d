package io.tork.gateway.security;

import io.tork.kafka.DeliverySettings;
import io.tork.kafka.Health;
import io.tork.kafka.KafkaClientFactory;
import io.tork.kafka.RestartingLoop;
import io.tork.kafka.WholeTopicReader;
import io.tork.model.Topics;
import io.tork.model.codec.Json;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's users, read whole from the compacted {@code users} topic into memory (they are few) by
 * every gateway, and written there by whichever gateway an admin asks: a user made or deleted on
 * one gateway signs in on every other within the time it takes to read one record. A write is
 * answered once this gateway has read it back, so a sign-in right after {@code POST /users} works
 * here. Its consumer runs in a {@link RestartingLoop} ({@code /health} shows it as {@value #NAME}).
 */
final class UserDirectory implements AutoCloseable {
  static final String NAME = "users";
  private static final Logger log = LoggerFactory.getLogger(UserDirectory.class);
  private static final Duration READ_BACK = Duration.ofSeconds(10);

  private final @Nullable KafkaClientFactory kafka;
  private final String topic;
  private final Health health;
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final Object progress = new Object();
  private long position = -1;
  private @Nullable Producer<String, byte[]> producer;
  private volatile @Nullable WholeTopicReader reader;

  UserDirectory(@Nullable KafkaClientFactory kafka, Topics topics, Health health) {
    this.kafka = kafka;
    this.topic = topics.users();
    this.health = health;
  }

  /** A directory of these users, read from no topic (tests). */
  static UserDirectory of(List<User> users) {
    UserDirectory directory = new UserDirectory(null, new Topics("none."), new Health());
    users.forEach(u -> directory.users.put(u.username(), u));
    directory.loaded.countDown();
    return directory;
  }

  void start() {
    producer = kafka().producer(DeliverySettings.ANSWERED_PRODUCER);
    reader =
        new WholeTopicReader(
                kafka(),
                Map.of(
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                    false,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed"),
                topic,
                this::read)
            .start(NAME, health);
  }

  private KafkaClientFactory kafka() {
    if (kafka == null) {
      throw new IllegalStateException("this directory reads no topic");
    }
    return kafka;
  }

  Optional<User> find(String username) {
    return Optional.ofNullable(users.get(username));
  }

  /** Every user, by username. */
  List<User> all() {
    return users.values().stream().sorted(Comparator.comparing(User::username)).toList();
  }

  /**
   * Blocks until every user written before this gateway started is read (a sign-in before that
   * would be refused for a user who exists).
   */
  boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Writes the user (or, with {@code user} null, deletes {@code username}); done once read back.
   */
  CompletableFuture<Void> write(String username, @Nullable User user) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    byte[] value = user == null ? null : Json.write(user);
    producer()
        .send(
            new ProducerRecord<>(topic, username, value),
            (metadata, error) -> {
              if (error != null) {
                done.completeExceptionally(error);
                return;
              }
              Thread.ofVirtual()
                  .start(
                      () -> {
                        try {
                          awaitRead(metadata.offset());
                          done.complete(null);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                          done.completeExceptionally(e);
                        } catch (RuntimeException e) {
                          done.completeExceptionally(e);
                        }
                      });
            });
    return done;
  }

  private Producer<String, byte[]> producer() {
    Producer<String, byte[]> p = producer;
    if (p == null) {
      throw new IllegalStateException("the user directory is not started");
    }
    return p;
  }

  private void awaitRead(long offset) throws InterruptedException {
    long deadline = System.nanoTime() + READ_BACK.toNanos();
    synchronized (progress) {
      while (position <= offset) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new IllegalStateException("the users topic was not read back in " + READ_BACK);
        }
        progress.wait(left);
      }
    }
  }

  private void read(
      Consumer<String, byte[]> consumer,
      List<TopicPartition> partitions,
      BooleanSupplier stopping) {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    users.clear();
    while (!stopping.getAsBoolean()) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        apply(record);
      }
      long at = partitions.stream().mapToLong(consumer::position).min().orElse(0);
      synchronized (progress) {
        position = at;
        progress.notifyAll();
      }
      if (loaded.getCount() > 0
          && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
        loaded.countDown();
        health.up(NAME);
        log.atInfo().addKeyValue("users", users.size()).log("users loaded");
      } else if (loaded.getCount() == 0) {
        health.up(NAME);
      }
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      users.remove(record.key());
      return;
    }
    try {
      User user = Json.read(record.value(), User.class);
      if (user.username().equals(record.key())) {
        users.put(user.username(), user);
      }
    } catch (RuntimeException e) {
      log.atWarn().addKeyValue("offset", record.offset()).log("unreadable user record skipped");
    }
  }

  @Override
  public void close() {
    WholeTopicReader running = reader;
    if (running != null) {
      running.close();
    }
    Producer<String, byte[]> p = producer;
    if (p != null) {
      p.close(Duration.ofSeconds(5));
    }
  }
}
