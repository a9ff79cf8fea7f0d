package io.tork.model.codec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tork.model.InvalidJobException;
import io.tork.model.Limits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What is over a limit and known from the document alone is refused at submission (a 400). */
class SubmissionLimitsTest {
  private static void refused(String yaml, String message) {
    assertThatThrownBy(() -> JobDocuments.parse(yaml.getBytes(StandardCharsets.UTF_8), "text/yaml"))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining(message);
  }

  private static void accepted(String yaml) {
    JobDocuments.parse(yaml.getBytes(StandardCharsets.UTF_8), "text/yaml");
  }

  @Test
  void aDurationOverTheLimitIsRefusedInsteadOfWrapping() {
    refused(
        """
        name: j
        tasks: [{name: t, image: i, timeout: 3000000h}]
        """,
        "tasks[0].timeout is '3000000h', over the limit of 8784h (--max-duration)");
    refused(
        """
        name: j
        autoDelete: {after: 99999999999999999999h}
        tasks: [{name: t, image: i}]
        """,
        "autoDelete.after is '99999999999999999999h', over the limit of 8784h (--max-duration)");
    accepted("name: j\ntasks: [{name: t, image: i, timeout: 8784h}]\n");
  }

  @Test
  void aWaitOverTheLimitIsRefused() {
    refused(
        """
        name: j
        wait: {timeout: 1h}
        tasks: [{name: t, image: i}]
        """,
        "wait.timeout is '1h', over the limit of 10m (--max-wait)");
    accepted("name: j\nwait: {timeout: 10m}\ntasks: [{name: t, image: i}]\n");
  }

  @Test
  void aLiteralListOverTheLimitsIsRefused() {
    refused(
        """
        name: j
        tasks:
        - name: e
          each: {list: "{{ sequence(1, 10000000) }}", task: {name: c, image: i}}
        """,
        "tasks[0].each.list: sequence(1, 10000000) is 9999999 items, over the limit of 100000"
            + " (--max-sequence)");
    accepted(
        """
        name: j
        tasks:
        - name: e
          each: {list: "{{ sequence(0, 100000) }}", task: {name: c, image: i}}
        """);
    Limits small = limits(3, 10);
    assertThatThrownBy(
            () ->
                JobDocuments.parse(
                    """
                    name: j
                    tasks:
                    - name: e
                      each: {list: "{{ fromJSON('[1, 2, 3, 4]') }}", task: {name: c, image: i}}
                    - name: f
                      each: {list: "{{ {1, 2, 3, 4, 5} }}", task: {name: c, image: i}}
                    """
                        .getBytes(StandardCharsets.UTF_8),
                    "text/yaml",
                    small))
        .hasMessageContaining(
            "tasks[0].each.list is 4 items, over the limit of 3 (--max-tasks-per-job)")
        .hasMessageContaining(
            "tasks[1].each.list is 5 items, over the limit of 3 (--max-tasks-per-job)");
  }

  @Test
  void aParallelOrADagTooWideOrNestedListsTooLargeAreRefused() {
    Limits small = limits(3, 10);
    assertThatThrownBy(
            () ->
                JobDocuments.parse(
                    """
                    name: j
                    tasks:
                    - name: p
                      parallel:
                        tasks: [{name: a, image: i}, {name: b, image: i}, {name: c, image: i},
                                {name: d, image: i}]
                    """
                        .getBytes(StandardCharsets.UTF_8),
                    "text/yaml",
                    small))
        .hasMessageContaining(
            "tasks[0].parallel.tasks is 4 tasks, over the limit of 3 (--max-tasks-per-job)");
    assertThatThrownBy(
            () ->
                JobDocuments.parse(
                    """
                    name: j
                    tasks:
                    - name: g
                      dag:
                        tasks: [{name: a, image: i}, {name: b, image: i, dependencies: [a]},
                                {name: c, image: i}, {name: d, image: i}]
                    """
                        .getBytes(StandardCharsets.UTF_8),
                    "text/yaml",
                    small))
        .hasMessageContaining(
            "tasks[0].dag.tasks is 4 tasks, over the limit of 3 (--max-tasks-per-job)");
    refused(
        """
        name: j
        tasks:
        - name: outer
          each:
            list: "{{ sequence(0, 1000) }}"
            task:
              name: inner
              each: {list: "{{ sequence(0, 1000) }}", task: {name: c, image: i}}
        """,
        "tasks is at least 1001000 child tasks, over the limit of 100000 (--max-tasks-per-job)");
  }

  @Test
  void aScheduleTickingMoreOftenThanTheLimitIsRefused() {
    assertThatThrownBy(() -> scheduled("*/2 * * * * *", Limits.DEFAULTS))
        .isInstanceOf(InvalidJobException.class)
        .hasMessage(
            "schedule.cron: '*/2 * * * * *' ticks 2s apart, more often than the limit of one"
                + " tick every 10s (--min-cron-interval)");
    assertThatThrownBy(() -> scheduled("0,5 * * * * *", Limits.DEFAULTS))
        .hasMessageContaining("ticks 5s apart");
    scheduled("*/10 * * * * *", Limits.DEFAULTS);
    scheduled("*/5 * * * *", Limits.DEFAULTS);
    scheduled("@hourly", Limits.DEFAULTS);
    scheduled("*/2 * * * * *", withCron(Duration.ofSeconds(1)));
    // Close only across midnight: 23:59:55, then 00:00:00.
    assertThatThrownBy(() -> scheduled("0,55 0,59 0,23 * * *", Limits.DEFAULTS))
        .hasMessageContaining("ticks 5s apart");
  }

  private static void scheduled(String cron, Limits limits) {
    JobDocuments.parseScheduled(
        ("name: s\nschedule: {cron: \"" + cron + "\"}\ntasks: [{name: t, image: i}]\n")
            .getBytes(StandardCharsets.UTF_8),
        "text/yaml",
        limits);
  }

  private static Limits limits(int maxTasksPerJob, int maxSequence) {
    return limits(maxTasksPerJob, maxSequence, Limits.DEFAULTS.minCronInterval());
  }

  private static Limits withCron(Duration min) {
    return limits(Limits.DEFAULTS.maxTasksPerJob(), Limits.DEFAULTS.maxSequence(), min);
  }

  private static Limits limits(int maxTasksPerJob, int maxSequence, Duration minCron) {
    Limits d = Limits.DEFAULTS;
    return new Limits(
        d.maxBodyBytes(),
        d.maxResultBytes(),
        d.maxErrorBytes(),
        d.maxValueBytes(),
        d.maxJobResultBytes(),
        d.maxLogLineBytes(),
        d.maxTaskLogBytes(),
        maxTasksPerJob,
        maxSequence,
        d.maxWebhookPayloadBytes(),
        d.maxWait(),
        d.maxDuration(),
        minCron,
        d.maxRecordBytes());
  }
}
