package io.tork.scheduler.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

/**
 * The last line against a record the broker refuses as too large, which the scheduler's own check
 * ({@link DecisionWriter}) should make impossible: a topic made by someone else with a smaller
 * {@code max.message.bytes}, say. Under exactly-once the transaction cannot commit any more, so the
 * thread fails and the input is read again; this remembers the input record ({@link Incidents}), so
 * that the second time its job fails with the reason, instead of the same failure for ever.
 */
public final class OversizeRecordHandler implements ProductionExceptionHandler {
  /** The config key under which the process's {@link Incidents} is handed to this handler. */
  public static final String INCIDENTS = "tork.scheduler.incidents";

  private Incidents incidents = new Incidents();

  @Override
  public void configure(Map<String, ?> configs) {
    if (configs.get(INCIDENTS) instanceof Incidents shared) {
      incidents = shared;
    }
  }

  /** The incidents this handler feeds (the process's once configured). */
  Incidents incidents() {
    return incidents;
  }

  @Override
  public ProductionExceptionHandlerResponse handle(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RecordTooLargeException && context.topic() != null) {
      int size = record.value() == null ? 0 : record.value().length;
      incidents.poison(
          context.topic() + "/" + context.partition() + "/" + context.offset(),
          "a record of "
              + size
              + " bytes for topic "
              + record.topic()
              + " was refused by Kafka as too large ("
              + exception.getMessage()
              + "); raise the topic's max.message.bytes to at least --max-record-size");
    }
    return ProductionExceptionHandlerResponse.FAIL;
  }
}
