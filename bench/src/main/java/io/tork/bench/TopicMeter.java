package io.tork.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Records written per topic over a scenario: the end offsets of every topic's partitions before and
 * after (a transaction's commit marker takes an offset too, so a transactional topic counts its
 * markers). Read per job, they tell where the broker's work goes.
 */
final class TopicMeter {
  private final String kafka;
  private final Map<String, Long> begin;

  private TopicMeter(String kafka) throws Exception {
    this.kafka = kafka;
    this.begin = endOffsets(kafka);
  }

  static TopicMeter start(String kafka) throws Exception {
    return new TopicMeter(kafka);
  }

  /**
   * Offsets taken per job since {@link #start}, per topic, most first (topics under 0.05 left out).
   */
  Map<String, Double> perJob(int jobs) throws Exception {
    Map<String, Long> end = endOffsets(kafka);
    Map<String, Double> per = new TreeMap<>();
    end.forEach(
        (topic, offset) -> {
          double value = (offset - begin.getOrDefault(topic, 0L)) / (double) jobs;
          if (value >= 0.05) {
            per.put(topic, Math.round(value * 100) / 100.0);
          }
        });
    return per.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  private static Map<String, Long> endOffsets(String kafka) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
      List<String> topics = List.copyOf(admin.listTopics().names().get(30, TimeUnit.SECONDS));
      Map<String, TopicDescription> described =
          admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
      described.forEach(
          (name, description) ->
              description
                  .partitions()
                  .forEach(
                      p ->
                          wanted.put(
                              new TopicPartition(name, p.partition()), OffsetSpec.latest())));
      Map<String, Long> sums = new HashMap<>();
      admin
          .listOffsets(wanted)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((partition, info) -> sums.merge(partition.topic(), info.offset(), Long::sum));
      return sums;
    }
  }
}
