package io.tork.model.kafka;

import io.tork.model.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The engine's topics and how they are made: {@code jobs}, {@code job-commands} and {@code
 * task-events} share one partition count (they are co-partitioned by job id); views are compacted;
 * queue topics are made on demand. Creating is idempotent, so every app may call it.
 *
 * @param partitions partitions of the job-keyed topics and of queue topics
 * @param replicationFactor 1 for standalone, 3 for a real cluster
 */
public record TopicLayout(Topics topics, int partitions, short replicationFactor) {

  /** Creates every engine topic that does not exist yet. */
  public void createEngineTopics(Admin admin) {
    List<NewTopic> wanted = new ArrayList<>();
    for (String name :
        List.of(topics.jobs(), topics.jobCommands(), topics.taskEvents(), topics.scheduledJobs())) {
      wanted.add(topic(name, partitions, Map.of()));
    }
    Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact");
    wanted.add(topic(topics.jobViews(), partitions, compacted));
    wanted.add(topic(topics.taskViews(), partitions, compacted));
    wanted.add(topic(topics.scheduledJobViews(), partitions, compacted));
    Map<String, String> shortLived =
        Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(TimeUnit.HOURS.toMillis(1)));
    wanted.add(topic(topics.workerCommands(), partitions, shortLived));
    wanted.add(topic(topics.heartbeats(), 1, shortLived));
    wanted.add(
        topic(
            topics.webhooks(),
            partitions,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(TimeUnit.DAYS.toMillis(1)))));
    // Logs are kept a week, as Tork keeps them.
    wanted.add(
        topic(
            topics.logs(),
            partitions,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(TimeUnit.DAYS.toMillis(7)))));
    create(admin, wanted);
  }

  /** Creates the topics of queue {@code name} (one per priority band) if they do not exist. */
  public void createQueueTopic(Admin admin, String name) {
    create(
        admin, topics.queueBands(name).stream().map(t -> topic(t, partitions, Map.of())).toList());
  }

  private NewTopic topic(String name, int count, Map<String, String> configs) {
    Map<String, String> all = new HashMap<>(configs);
    if (replicationFactor > 1) {
      all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
    }
    return new NewTopic(name, count, replicationFactor).configs(all);
  }

  private static void create(Admin admin, List<NewTopic> wanted) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
      if (missing.isEmpty()) {
        return;
      }
      for (var future : admin.createTopics(missing).values().values()) {
        try {
          future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics: " + e.getMessage(), e);
    }
  }
}
