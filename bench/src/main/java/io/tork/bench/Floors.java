package io.tork.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** What no engine on this broker can beat: a Kafka round trip, and one stateful Streams hop. */
final class Floors {
  private Floors() {}

  /** Produce one record, consume it; one at a time. */
  static Stats kafkaRoundTrip(String kafka, int count) throws Exception {
    String topic = "bench-rtt-" + UUID.randomUUID();
    createTopic(kafka, topic);
    try (KafkaProducer<String, String> producer = producer(kafka);
        KafkaConsumer<String, String> consumer = consumer(kafka, "read_uncommitted")) {
      consumer.subscribe(List.of(topic));
      awaitAssignment(consumer);
      List<Double> samples = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        long start = System.nanoTime();
        producer.send(new ProducerRecord<>(topic, "k", "v" + i));
        awaitOne(consumer);
        samples.add((System.nanoTime() - start) / 1e6);
      }
      return Stats.of(samples.subList(Math.min(50, count / 5), samples.size()));
    }
  }

  /**
   * Read a record, update a RocksDB store, write a record: the engine's unit of work, with the
   * engine's settings (exactly-once v2, the given commit interval and poll time), measured produce
   * -> consume (read_committed).
   */
  static Stats streamsHop(
      String kafka, Path stateDir, Duration commitInterval, long pollMs, int count)
      throws Exception {
    String in = "bench-hop-in-" + UUID.randomUUID();
    String out = "bench-hop-out-" + UUID.randomUUID();
    createTopic(kafka, in);
    createTopic(kafka, out);
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore("counts"), Serdes.String(), Serdes.Long()));
    builder.stream(
            in, org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(), Serdes.String()))
        .process(Counter::new, "counts")
        .to(out, org.apache.kafka.streams.kstream.Produced.with(Serdes.String(), Serdes.String()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-hop-" + UUID.randomUUID());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    props.put(StreamsConfig.POLL_MS_CONFIG, pollMs); // as the scheduler (ADR 9)
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
        KafkaProducer<String, String> producer = producer(kafka);
        KafkaConsumer<String, String> consumer = consumer(kafka, "read_committed")) {
      streams.start();
      consumer.subscribe(List.of(out));
      awaitAssignment(consumer);
      List<Double> samples = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        long start = System.nanoTime();
        producer.send(new ProducerRecord<>(in, "k" + (i % 8), "v" + i));
        awaitOne(consumer);
        samples.add((System.nanoTime() - start) / 1e6);
      }
      streams.close(Duration.ofSeconds(10));
      return Stats.of(samples.subList(Math.min(20, count / 5), samples.size()));
    }
  }

  private static final class Counter implements Processor<String, String, String, String> {
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, Long> counts;

    @Override
    public void init(ProcessorContext<String, String> context) {
      this.context = context;
      this.counts = context.getStateStore("counts");
    }

    @Override
    public void process(Record<String, String> record) {
      Long count = counts.get(record.key());
      counts.put(record.key(), count == null ? 1 : count + 1);
      context.forward(record);
    }
  }

  private static void createTopic(String kafka, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static KafkaProducer<String, String> producer(String kafka) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.LINGER_MS_CONFIG, 0),
        new StringSerializer(),
        new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(String kafka, String isolation) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka,
            ConsumerConfig.GROUP_ID_CONFIG,
            "bench-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "latest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            isolation,
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
            1),
        new StringDeserializer(),
        new StringDeserializer());
  }

  private static void awaitAssignment(KafkaConsumer<String, String> consumer) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(100));
    }
  }

  private static void awaitOne(KafkaConsumer<String, String> consumer) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
      if (!records.isEmpty()) {
        return;
      }
    }
    throw new IllegalStateException("no record within 30 s");
  }
}
