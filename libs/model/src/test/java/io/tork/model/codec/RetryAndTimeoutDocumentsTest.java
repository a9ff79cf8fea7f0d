package io.tork.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tork.model.InvalidJobException;
import io.tork.model.JobSpec;
import io.tork.model.RetrySpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code retry}'s backoff and a job's {@code timeout}, as written and as refused. */
class RetryAndTimeoutDocumentsTest {
  private static JobSpec yaml(String document) {
    return JobDocuments.parse(document.getBytes(StandardCharsets.UTF_8), "application/yaml");
  }

  private static String task(String retry) {
    return "name: j\ntasks:\n- name: t\n  image: i\n  retry: " + retry + "\n";
  }

  @Test
  void readsTheBackoffAsTorksReadmeWritesIt() {
    JobSpec job =
        yaml(
            """
            name: j
            timeout: 5m
            tasks:
            - name: t
              image: i
              retry: {limit: 3, initialDelay: 5s, scalingFactor: 2, maxDelay: 1m}
            - name: s
              subjob:
                name: child
                timeout: 30s
                tasks: [{name: c, image: i}]
            """);
    assertThat(job.timeout()).isEqualTo("5m");
    assertThat(job.tasks().get(0).retry()).isEqualTo(new RetrySpec(3, "5s", 2.0, "1m"));
    assertThat(job.tasks().get(1).subjob().timeout()).isEqualTo("30s");
  }

  @Test
  void theLimitAloneDoesNotBackOff() {
    RetrySpec retry = yaml(task("{limit: 2}")).tasks().getFirst().retry();
    assertThat(retry.backsOff()).isFalse();
    assertThat(retry.delayBefore(1)).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{limit: 3, initialDelay: 0s} | tasks[0].retry.initialDelay: must be longer than 0s",
        "{limit: 3, initialDelay: -5s} | tasks[0].retry.initialDelay: '-5s' is not a duration",
        "{limit: 3, initialDelay: 6m} | tasks[0].retry.initialDelay: '6m' is longer than 5m",
        "{limit: 3, maxDelay: 0} | tasks[0].retry.maxDelay: must be longer than 0s",
        "{limit: 3, maxDelay: 25h} | tasks[0].retry.maxDelay: '25h' is longer than 24h",
        "{limit: 3, scalingFactor: 0} | tasks[0].retry.scalingFactor: must be between 1 and 10",
        "{limit: 3, scalingFactor: -2} | tasks[0].retry.scalingFactor: must be between 1 and 10",
        "{limit: 3, scalingFactor: 11} | tasks[0].retry.scalingFactor: must be between 1 and 10",
        "{limit: 3, scalingFactor: x} | tasks[0].retry.scalingFactor: ",
        "{limit: 0, initialDelay: 1s} | tasks[0].retry.limit: must be between 1 and 10",
        "{limit: 3, delay: 1s} | tasks[0].retry.delay: unknown field",
      })
  void refusesABadBackoffNamingTheField(String retry, String message) {
    assertThatThrownBy(() -> yaml(task(retry)))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining(message.strip());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'name: j\ntimeout: 0s\ntasks: [{name: t, image: i}]' | timeout: must be longer than 0s",
        "'name: j\ntimeout: 5\ntasks: [{name: t, image: i}]' | timeout: '5' is not a duration",
        "'name: j\n"
            + "timeout: 100000h\n"
            + "tasks: [{name: t, image: i}]' | timeout is '100000h', over the limit of 8784h",
        "'name: j\n"
            + "tasks: [{name: s, subjob: {name: c, timeout: 0s, tasks: [{name: t, image: i}]}}]' |"
            + " tasks[0].subjob.timeout: must be longer than 0s",
        "'name: j\n"
            + "defaults: {retry: {limit: 2, scalingFactor: 20}}\n"
            + "tasks: [{name: t, image: i}]' | defaults.retry.scalingFactor: must be between 1 and"
            + " 10",
      })
  void refusesABadTimeoutNamingTheField(String document, String message) {
    assertThatThrownBy(() -> yaml(document))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining(message.strip());
  }
}
