package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Job;
import io.tork.model.Limits;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskSpec;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A decision is a function of its input: its time and seed included. */
class JobMachineReplayTest extends JobMachineFixtures {
  private static final Instant AT = Instant.parse("2026-03-04T05:06:07Z");

  private static TaskSpec templated() {
    return task("a").toBuilder()
        .env(Map.of("NOW", "{{ now() }}", "DICE", "{{ randomInt(1000000) }}"))
        .build();
  }

  private static Decision decide(JobInput input) {
    return decide(input, "t-");
  }

  /** Decides with new ids {@code prefix1}, {@code prefix2}, ... */
  private static Decision decide(JobInput input, String prefix) {
    AtomicInteger n = new AtomicInteger();
    return JobMachine.decide(
        input, () -> prefix + n.incrementAndGet(), TaskLookup.NONE, Limits.DEFAULTS);
  }

  @Test
  void nowInATemplateIsTheInputsTime() {
    Decision d = decide(new JobInput.Submitted(job(templated()), null, AT, 7));
    assertThat(d.dispatches().getFirst().spec().env()).containsEntry("NOW", AT.toString());
  }

  @Test
  void theSameInputDecidesTheSame() {
    Job job = job(templated());
    Decision first = decide(new JobInput.Submitted(job, null, AT, 42));
    Decision again = decide(new JobInput.Submitted(job, null, AT, 42));
    assertThat(again).isEqualTo(first);
    String dice = first.dispatches().getFirst().spec().env().get("DICE");
    assertThat(dice).matches("\\d+");
  }

  @Test
  void anotherSeedDrawsOtherNumbers() {
    Job job = job(templated());
    long distinct =
        java.util.stream.LongStream.range(0, 20)
            .mapToObj(seed -> decide(new JobInput.Submitted(job, null, AT, seed)))
            .map(d -> d.dispatches().getFirst().spec().env().get("DICE"))
            .distinct()
            .count();
    assertThat(distinct).isGreaterThan(1);
  }

  @Test
  void aReplayedEventDecidesTheSame() {
    Job job = job(task("a"), templated());
    Decision submitted = decide(new JobInput.Submitted(job, null, T0, 1));
    Task first = submitted.dispatches().getFirst();
    Job running = submitted.job();
    var event = new TaskCompleted(job.id(), first.id(), "", T0);
    Decision once = decide(new JobInput.Reported(running, first, event, AT, 99), "u-");
    Decision twice = decide(new JobInput.Reported(running, first, event, AT, 99), "u-");
    assertThat(twice).isEqualTo(once);
    assertThat(once.dispatches().getFirst().spec().env()).containsEntry("NOW", AT.toString());
  }

  @Test
  void theSeedOfAPlaceIsStable() {
    assertThat(JobInput.seedOf("jobs/0/17")).isEqualTo(JobInput.seedOf("jobs/0/17"));
    assertThat(JobInput.seedOf("jobs/0/17")).isNotEqualTo(JobInput.seedOf("jobs/0/18"));
  }
}
