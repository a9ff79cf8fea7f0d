package io.tork.kafka;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Makes the Kafka clients of one process, every one of them with the process's connection settings
 * (bootstrap servers, TLS, SASL: {@code --kafka-config}) and metered where the process has meters.
 * Every engine record has a string key and a byte-array value, so every client is typed so. A
 * client's own settings ({@code own}: acks, group id, isolation...) win over the process's: they
 * are what the engine's guarantees rest on. The caller owns what it gets, and closes it.
 *
 * <p>The scheduler and the worker use {@link KafkaClients} (plain clients); the gateway an adapter
 * over spring-kafka's factories, so that its {@code spring.kafka.*} properties apply too.
 */
public interface KafkaClientFactory {
  /** The servers the clients bootstrap from, for logs. */
  String bootstrapServers();

  Producer<String, byte[]> producer(Map<String, ?> own);

  Consumer<String, byte[]> consumer(Map<String, ?> own);

  Admin admin();
}
