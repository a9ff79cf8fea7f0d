package io.tork.scheduler.kafka;

import io.tork.kafka.TopicLayout;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates queue topics through the Admin API, on a thread of its own and once per queue name per
 * process: the stream thread only reads {@link #ready}. The topics that exist when it starts are
 * known at once; a failed creation is tried again, no sooner than {@link #RETRY_MILLIS} later.
 */
final class AdminQueueTopics implements QueueTopics, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminQueueTopics.class);
  static final long RETRY_MILLIS = 1_000;

  private final Admin admin;
  private final TopicLayout layout;
  private final Set<String> existingAtStart;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private final Set<String> creating = ConcurrentHashMap.newKeySet();

  /** Queue name -> when its creation last failed (epoch ms). */
  private final Map<String, Long> failedAt = new ConcurrentHashMap<>();

  private final ExecutorService creator =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("queue-topics").unstarted(r));

  /**
   * @param existingTopics the topics that exist now (listed once, at start)
   */
  AdminQueueTopics(Admin admin, TopicLayout layout, Set<String> existingTopics) {
    this.admin = admin;
    this.layout = layout;
    this.existingAtStart = Set.copyOf(existingTopics);
  }

  /** Lists the topics that exist (at start, off the hot path); none known if that fails. */
  static AdminQueueTopics listingExisting(Admin admin, TopicLayout layout) {
    Set<String> existing = Set.of();
    try {
      existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing the topics", e);
    } catch (ExecutionException | TimeoutException e) {
      log.atWarn()
          .addKeyValue("error", String.valueOf(e.getMessage()))
          .log("cannot list the topics; each queue's are made at first sight");
    }
    return new AdminQueueTopics(admin, layout, existing);
  }

  @Override
  public boolean ready(String queueName) {
    if (known.contains(queueName)) {
      return true;
    }
    if (existingAtStart.containsAll(layout.topics().queueBands(queueName))) {
      known.add(queueName);
      return true;
    }
    Long failed = failedAt.get(queueName);
    boolean due = failed == null || System.currentTimeMillis() - failed >= RETRY_MILLIS;
    if (due && creating.add(queueName)) {
      creator.execute(() -> create(queueName));
    }
    return false;
  }

  private void create(String queueName) {
    try {
      layout.createQueueTopic(admin, queueName);
      known.add(queueName);
      failedAt.remove(queueName);
    } catch (RuntimeException e) {
      failedAt.put(queueName, System.currentTimeMillis());
      log.atWarn()
          .addKeyValue("queue", queueName)
          .addKeyValue("error", String.valueOf(e.getMessage()))
          .log("cannot create the queue's topics; its tasks wait, and it is tried again");
    } finally {
      creating.remove(queueName);
    }
  }

  @Override
  public void close() {
    creator.shutdownNow();
    try {
      creator.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close();
  }
}
