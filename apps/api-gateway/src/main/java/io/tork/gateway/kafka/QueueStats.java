package io.tork.gateway.kafka;

import io.tork.gateway.core.QueueReads;
import io.tork.kafka.KafkaClientFactory;
import io.tork.kafka.KafkaClients;
import io.tork.model.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The queues Kafka has: a queue is a topic (and its priority bands), its workers a consumer group
 * of the same name. A queue's size is how many of its tasks wait (SCHEDULED), from the job view:
 * end offsets minus committed offsets would count the transaction markers too.
 */
public final class QueueStats implements QueueReads, AutoCloseable {
  private final Admin admin;
  private final Topics topics;

  public QueueStats(String bootstrapServers, Topics topics) {
    this(KafkaClients.to(bootstrapServers), topics);
  }

  public QueueStats(KafkaClientFactory kafka, Topics topics) {
    this.admin = kafka.admin();
    this.topics = topics;
  }

  /** The names of the queues Kafka has (one look-up). Blocks on the Admin API. */
  @Override
  public List<String> names() throws InterruptedException {
    String prefix = topics.queue("");
    try {
      return admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
          .filter(t -> t.startsWith(prefix))
          .map(t -> t.substring(prefix.length()))
          .sorted()
          .toList();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read queues: " + e.getMessage(), e);
    }
  }

  /**
   * Every queue, by name, with {@code waiting}'s count of its tasks. Blocks on the Admin API (call
   * off the event loop).
   */
  @Override
  public List<QueueInfo> all(Map<String, Long> waiting) throws InterruptedException {
    String prefix = topics.queue("");
    try {
      Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      List<String> names = existing.stream().filter(t -> t.startsWith(prefix)).sorted().toList();
      if (names.isEmpty()) {
        return List.of();
      }
      List<QueueInfo> out = new ArrayList<>();
      for (String topic : names) {
        String name = topic.substring(prefix.length());
        out.add(new QueueInfo(name, waiting.getOrDefault(name, 0L), subscribers(topic)));
      }
      return out;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read queues: " + e.getMessage(), e);
    }
  }

  /** The queue, if Kafka has its topic. Blocks on the Admin API (call off the event loop). */
  @Override
  public Optional<QueueInfo> find(String name, long waiting) throws InterruptedException {
    String topic = topics.queue(name);
    try {
      if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
        return Optional.empty();
      }
      return Optional.of(new QueueInfo(name, waiting, subscribers(topic)));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read queue " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The members of the queue's consumer group (named after its base topic); a group no worker has
   * ever joined has none.
   */
  private int subscribers(String group)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      ConsumerGroupDescription description =
          admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
      return description == null ? 0 : description.members().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return 0;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
