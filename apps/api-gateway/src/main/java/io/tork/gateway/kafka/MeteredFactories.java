package io.tork.gateway.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.tork.kafka.KafkaClients;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Meters every producer and consumer spring-kafka's factories make, and unbinds them as they close,
 * with the same labels as the scheduler's and the worker's clients ({@link KafkaClients#meter}).
 * Spring Boot's own listeners add a {@code spring_id} label, and Prometheus takes one set of label
 * names per meter: standalone, where all share one registry, would drop the gateway's (ADR 50).
 */
public final class MeteredFactories
    implements ProducerFactory.Listener<Object, Object>, ConsumerFactory.Listener<Object, Object> {
  private final MeterRegistry registry;
  private final Map<String, KafkaClientMetrics> binders = new ConcurrentHashMap<>();

  public MeteredFactories(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void producerAdded(String id, Producer<Object, Object> producer) {
    replace("producer " + id, KafkaClients.meter(producer, registry));
  }

  @Override
  public void producerRemoved(String id, Producer<Object, Object> producer) {
    remove("producer " + id);
  }

  @Override
  public void consumerAdded(String id, Consumer<Object, Object> consumer) {
    replace("consumer " + id, KafkaClients.meter(consumer, registry));
  }

  @Override
  public void consumerRemoved(String id, Consumer<Object, Object> consumer) {
    remove("consumer " + id);
  }

  private void replace(String key, KafkaClientMetrics binder) {
    KafkaClientMetrics old = binders.put(key, binder);
    if (old != null) {
      old.close();
    }
  }

  private void remove(String key) {
    KafkaClientMetrics binder = binders.remove(key);
    if (binder != null) {
      binder.close();
    }
  }
}
