package io.tork.gateway.kafka;

import io.tork.kafka.KafkaClientFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The gateway's Kafka clients, from spring-kafka's factories as Spring Boot makes them: every
 * {@code spring.kafka.*} property (and so {@code --kafka-config}, which the gateway command turns
 * into {@code spring.kafka.properties.*}) applies, and Boot's Micrometer listeners meter each
 * producer and consumer. A client's own settings and the engine's (de)serializers win.
 */
public final class SpringKafkaClients implements KafkaClientFactory {
  private final ProducerFactory<?, ?> producers;
  private final ConsumerFactory<?, ?> consumers;
  private final KafkaAdmin admin;
  // Each client its own client.id (Boot gives every one the same, from spring.application.name):
  // its meters, its JMX name and the broker's quotas and logs tell them apart.
  private final AtomicInteger made = new AtomicInteger();

  public SpringKafkaClients(
      ProducerFactory<?, ?> producers, ConsumerFactory<?, ?> consumers, KafkaAdmin admin) {
    this.producers = producers;
    this.consumers = consumers;
    this.admin = admin;
  }

  @Override
  public String bootstrapServers() {
    Object servers =
        admin.getConfigurationProperties().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    return servers instanceof Collection<?> list
        ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
        : String.valueOf(servers);
  }

  /**
   * A producer of its own factory (a copy of Boot's with {@code own} over it): closing the producer
   * closes that factory, which is what really closes the producer it shares.
   */
  @Override
  @SuppressWarnings("unchecked")
  public Producer<String, byte[]> producer(Map<String, ?> own) {
    Map<String, Object> settings = new HashMap<>(own);
    settings.putIfAbsent(
        ProducerConfig.CLIENT_ID_CONFIG, "tork-gateway-producer-" + made.incrementAndGet());
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    ProducerFactory<String, byte[]> factory =
        ((ProducerFactory<String, byte[]>) producers).copyWithConfigurationOverride(settings);
    Producer<String, byte[]> producer = factory.createProducer();
    return (Producer<String, byte[]>)
        Proxy.newProxyInstance(
            Producer.class.getClassLoader(),
            new Class<?>[] {Producer.class},
            (proxy, method, args) -> {
              try {
                return method.invoke(producer, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              } finally {
                if (method.getName().equals("close")) {
                  factory.reset();
                }
              }
            });
  }

  /** A consumer of Boot's factory; {@code group.id} and {@code client.id} from {@code own}. */
  @Override
  @SuppressWarnings("unchecked")
  public Consumer<String, byte[]> consumer(Map<String, ?> own) {
    Properties settings = new Properties();
    own.forEach((key, value) -> settings.put(key, String.valueOf(value)));
    settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    settings.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    Object group = own.get(ConsumerConfig.GROUP_ID_CONFIG);
    Object client = own.get(ConsumerConfig.CLIENT_ID_CONFIG);
    return (Consumer<String, byte[]>)
        consumers.createConsumer(
            group == null ? null : group.toString(),
            client == null ? "tork-gateway-consumer" : client.toString(),
            "-" + made.incrementAndGet(),
            settings);
  }

  /** An admin client with the settings of Boot's {@link KafkaAdmin}. */
  @Override
  public Admin admin() {
    return Admin.create(admin.getConfigurationProperties());
  }
}
