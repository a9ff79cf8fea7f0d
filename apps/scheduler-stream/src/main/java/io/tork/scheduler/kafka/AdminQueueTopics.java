package io.tork.scheduler.kafka;

import io.tork.kafka.TopicLayout;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;

/** Creates queue topics through the Admin API, once per queue name per process. */
final class AdminQueueTopics implements QueueTopics, AutoCloseable {
  private final Admin admin;
  private final TopicLayout layout;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  AdminQueueTopics(Admin admin, TopicLayout layout) {
    this.admin = admin;
    this.layout = layout;
  }

  @Override
  public void ensure(String queueName) {
    if (known.add(queueName)) {
      layout.createQueueTopic(admin, queueName);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
