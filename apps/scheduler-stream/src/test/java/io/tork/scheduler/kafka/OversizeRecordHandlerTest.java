package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Topics;
import java.nio.file.Path;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handler Kafka Streams makes from the scheduler's settings feeds the process's incidents. */
class OversizeRecordHandlerTest {
  @TempDir Path stateDir;

  @Test
  void aRecordKafkaRefusesAsTooLargeMarksItsInputForItsJobToFail() {
    Incidents incidents = new Incidents();
    StreamsConfig config =
        new StreamsConfig(
            SchedulerApp.properties(
                SchedulerSettings.standalone("dummy:9092", stateDir),
                io.tork.model.Limits.DEFAULTS,
                incidents));
    ProductionExceptionHandler handler =
        config.getConfiguredInstance(
            StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
            ProductionExceptionHandler.class);
    assertThat(handler).isInstanceOf(OversizeRecordHandler.class);
    assertThat(((OversizeRecordHandler) handler).incidents()).isSameAs(incidents);

    String jobs = Topics.DEFAULT.jobs();
    var response =
        handler.handle(
            new Source(jobs, 3, 42),
            new ProducerRecord<>("tork.job-views", new byte[1], new byte[2_000_000]),
            new RecordTooLargeException("too large"));
    assertThat(response)
        .isEqualTo(ProductionExceptionHandler.ProductionExceptionHandlerResponse.FAIL);
    assertThat(incidents.poisoned(jobs + "/3/42"))
        .hasValueSatisfying(
            p -> assertThat(p.reason()).contains("2000000 bytes for topic tork.job-views"));
  }

  /** Where the record being processed came from. */
  private record Source(String topic, int partition, long offset) implements ErrorHandlerContext {
    @Override
    public Headers headers() {
      return new RecordHeaders();
    }

    @Override
    public String processorNodeId() {
      return SchedulerTopology.JOB_PROCESSOR;
    }

    @Override
    public TaskId taskId() {
      return new TaskId(0, partition);
    }

    @Override
    public long timestamp() {
      return 0;
    }

    @Override
    public byte[] sourceRawKey() {
      return null;
    }

    @Override
    public byte[] sourceRawValue() {
      return null;
    }
  }
}
