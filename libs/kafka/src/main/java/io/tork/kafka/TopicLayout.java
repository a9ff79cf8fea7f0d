package io.tork.kafka;

import io.tork.model.Limits;
import io.tork.model.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's topics and how they are made: {@code jobs}, {@code job-commands} and {@code
 * task-events} share one partition count (they are co-partitioned by job id); views are compacted;
 * queue topics are made on demand. Creating is idempotent, so every app may call it.
 *
 * <p>Every topic takes records up to {@link #maxMessageBytes}: the engine's largest record ({@link
 * Limits#maxRecordBytes}, which the scheduler checks each record against before it writes) plus
 * room for its key, headers and batch framing. Producers set {@code max.request.size} to the same.
 *
 * @param partitions partitions of the job-keyed topics and of queue topics
 * @param replicationFactor 1 for standalone, 3 for a real cluster
 * @param maxRecordBytes the largest record value the engine writes ({@link Limits#maxRecordBytes})
 */
public record TopicLayout(
    Topics topics, int partitions, short replicationFactor, int maxRecordBytes) {
  private static final Logger log = LoggerFactory.getLogger(TopicLayout.class);

  /** A key (an id), headers (a content type) and a record batch's framing fit in this. */
  public static final int FRAMING_BYTES = 64 * 1024;

  /** With the default {@link Limits#maxRecordBytes}. */
  public TopicLayout(Topics topics, int partitions, short replicationFactor) {
    this(topics, partitions, replicationFactor, Limits.DEFAULTS.maxRecordBytes());
  }

  /** The topics' {@code max.message.bytes}, and the producers' {@code max.request.size}. */
  public int maxMessageBytes() {
    return maxMessageBytes(maxRecordBytes);
  }

  public static int maxMessageBytes(int maxRecordBytes) {
    return Math.addExact(maxRecordBytes, FRAMING_BYTES);
  }

  /**
   * Creates every engine topic that does not exist yet, and raises the {@code max.message.bytes} of
   * those that exist with a lower one (made by an earlier version).
   */
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
    // Few and small: one partition, so that every gateway reads them in one order.
    wanted.add(topic(topics.users(), 1, compacted));
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
    all.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(maxMessageBytes()));
    return new NewTopic(name, count, replicationFactor).configs(all);
  }

  private void create(Admin admin, List<NewTopic> wanted) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
      raise(admin, wanted.stream().map(NewTopic::name).filter(existing::contains).toList());
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

  /**
   * Sets {@link #maxMessageBytes} on those of {@code names} that exist with a lower one (topics an
   * earlier version made with the broker's default of 1 MiB, a store's changelog). Without the
   * right to alter configurations it says so once and goes on: records over the old maximum then
   * fail their job.
   */
  public void raiseMaxMessageBytes(Admin admin, Collection<String> names) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      raise(admin, names.stream().filter(existing::contains).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while configuring topics", e);
    } catch (ExecutionException | TimeoutException e) {
      log.atWarn()
          .addKeyValue("error", String.valueOf(e.getMessage()))
          .log("cannot list the topics to raise their max.message.bytes");
    }
  }

  /** Raises the maximum of {@code names}, which exist. */
  private void raise(Admin admin, Collection<String> names) {
    if (names.isEmpty()) {
      return;
    }
    try {
      List<ConfigResource> resources =
          names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
      Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
      configs.forEach(
          (resource, config) -> {
            ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (entry == null || Long.parseLong(entry.value()) < maxMessageBytes()) {
              changes.put(
                  resource,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry(
                              TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                              String.valueOf(maxMessageBytes())),
                          AlterConfigOp.OpType.SET)));
            }
          });
      if (!changes.isEmpty()) {
        admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
        log.atInfo()
            .addKeyValue("topics", changes.size())
            .addKeyValue("maxMessageBytes", maxMessageBytes())
            .log("raised the topics' max.message.bytes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while configuring topics", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.atWarn()
          .addKeyValue("error", String.valueOf(e.getMessage()))
          .log("cannot raise the topics' max.message.bytes; records over their maximum fail");
    }
  }
}
