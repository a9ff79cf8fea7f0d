package io.tork.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.JobState;
import io.tork.model.TaskSpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobIndexTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final JobIndex index = new JobIndex();
  private final Map<String, Job> jobs = new HashMap<>();
  private final AtomicInteger reads = new AtomicInteger();
  private final Function<String, Job> reader =
      id -> {
        reads.incrementAndGet();
        return jobs.get(id);
      };

  private Job add(int i, String name, String description, List<String> tags) {
    Job job =
        Job.pending(
            "job-" + i,
            new JobSpec(
                name,
                description,
                tags,
                null,
                null,
                List.of(TaskSpec.of("t", "i", "r")),
                null,
                null,
                null,
                null,
                null),
            T0.plusSeconds(i));
    jobs.put(job.id(), job);
    index.put(job, null);
    return job;
  }

  private void change(Job job, JobState state) {
    Job next = job.withState(state);
    jobs.put(next.id(), next);
    index.put(next, job);
  }

  private List<String> ids(JobIndex.Page page) {
    return page.ids();
  }

  @Test
  void pagesAreNewestFirstWithTheirTotal() {
    for (int i = 1; i <= 25; i++) {
      add(i, "job " + i, "", List.of());
    }
    JobIndex.Page first = index.page(JobIndex.Query.parse(""), 1, 10, reader);
    assertThat(ids(first)).first().isEqualTo("job-25");
    assertThat(ids(first)).hasSize(10);
    assertThat(first.totalItems()).isEqualTo(25);
    JobIndex.Page last = index.page(JobIndex.Query.parse(""), 3, 10, reader);
    assertThat(ids(last)).containsExactly("job-5", "job-4", "job-3", "job-2", "job-1");
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 1_000_000})
  void aPageReadsTheSameNumberOfJobsHoweverManyThereAre(int count) {
    for (int i = 1; i <= count; i++) {
      add(i, "job " + i, "", List.of());
    }
    reads.set(0);
    JobIndex.Page page = index.page(JobIndex.Query.parse(""), 2, 10, reader);
    assertThat(page.totalItems()).isEqualTo(count);
    assertThat(ids(page)).hasSize(10);
    assertThat(reads.get()).isEqualTo(21); // 20 skipped or taken, one to see the page is full
  }

  @Test
  void queriesMatchTagsStateAndWordsOfNameAndDescription() {
    Job a = add(1, "nightly backup", "copies the database", List.of("ops", "db"));
    add(2, "report", "monthly billing report", List.of("billing"));
    Job c = add(3, "backup check", "", List.of("ops"));
    change(a, JobState.COMPLETED);
    change(c, JobState.FAILED);

    assertThat(ids(index.page(JobIndex.Query.parse("tag:ops"), 1, 10, reader)))
        .containsExactly("job-3", "job-1");
    assertThat(ids(index.page(JobIndex.Query.parse("tags:db,billing"), 1, 10, reader)))
        .containsExactly("job-2", "job-1");
    assertThat(ids(index.page(JobIndex.Query.parse("failed"), 1, 10, reader)))
        .containsExactly("job-3");
    assertThat(ids(index.page(JobIndex.Query.parse("Backup"), 1, 10, reader)))
        .containsExactly("job-3", "job-1");
    assertThat(ids(index.page(JobIndex.Query.parse("backup completed"), 1, 10, reader)))
        .containsExactly("job-1");
    JobIndex.Page billing = index.page(JobIndex.Query.parse("billing tag:billing"), 1, 10, reader);
    assertThat(ids(billing)).containsExactly("job-2");
    assertThat(billing.totalItems()).isEqualTo(1);
    assertThat(index.page(JobIndex.Query.parse("pending"), 1, 10, reader).totalItems())
        .isEqualTo(1);
  }

  @Test
  void aRemovedJobLeavesEveryIndex() {
    Job a = add(1, "a", "", List.of("x"));
    index.remove(a);
    jobs.remove(a.id());
    assertThat(index.page(JobIndex.Query.parse(""), 1, 10, reader).totalItems()).isZero();
    assertThat(index.page(JobIndex.Query.parse("tag:x"), 1, 10, reader).totalItems()).isZero();
    assertThat(index.page(JobIndex.Query.parse("pending"), 1, 10, reader).totalItems()).isZero();
  }

  @Test
  void countsByStateFollowEveryChange() {
    Job a = add(1, "a", "", List.of());
    Job b = add(2, "b", "", List.of());
    change(a, JobState.RUNNING);
    change(b, JobState.RUNNING);
    assertThat(index.count(JobState.RUNNING)).isEqualTo(2);
    change(jobs.get(a.id()), JobState.COMPLETED);
    assertThat(index.count(JobState.RUNNING)).isEqualTo(1);
    assertThat(index.count(JobState.COMPLETED)).isEqualTo(1);
    index.remove(jobs.get(b.id()));
    assertThat(index.count(JobState.RUNNING)).isZero();
    assertThat(index.count(JobState.CANCELLED)).isZero();
  }
}
