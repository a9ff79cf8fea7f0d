package io.tork.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Access;
import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.JobState;
import io.tork.model.Permission;
import io.tork.model.TaskSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The listing's indexes, on a real store in a temporary directory (ADR 33). */
class JobIndexTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;
  private ViewStore store;
  private JobIndex index;
  private ViewBatch batch;
  private int pending;
  private final Map<String, Job> jobs = new HashMap<>();
  private final AtomicInteger reads = new AtomicInteger();
  private final Function<String, JobIndex.Listed> reader =
      id -> {
        reads.incrementAndGet();
        Job job = jobs.get(id);
        return job == null ? null : JobIndex.Listed.of(job);
      };

  @BeforeEach
  void open() {
    store = ViewStore.open(dir, ViewStore.Memory.DEFAULT);
    index = new JobIndex(store);
    batch = store.batch();
  }

  @AfterEach
  void close() {
    batch.close();
    store.close();
  }

  /** Writes go into one batch, committed before a read (and every 50,000 writes). */
  private void written() {
    if (++pending % 50_000 == 0) {
      commit();
    }
  }

  private void commit() {
    batch.commit();
    batch.close();
    batch = store.batch();
  }

  private JobIndex.Page page(String q, int page, int size) {
    commit();
    return index.page(JobIndex.Query.parse(q), page, size, reader);
  }

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
    index.put(batch, job, null);
    written();
    return job;
  }

  private void change(Job job, JobState state) {
    Job next = job.withState(state);
    jobs.put(next.id(), next);
    index.put(batch, next, job);
    written();
  }

  private Job add(int i, String owner, List<Permission> permissions) {
    Job job =
        Job.pending(
                "job-" + i,
                new JobSpec("job " + i, null, Map.of(), List.of(TaskSpec.of("t", "i", "r"))),
                T0.plusSeconds(i),
                owner)
            .toBuilder()
            .permissions(permissions)
            .build();
    jobs.put(job.id(), job);
    index.put(batch, job, null);
    written();
    return job;
  }

  private JobIndex.Page pageFor(String q, int page, int size, String user, String... roles) {
    commit();
    return index.page(
        JobIndex.Query.parse(q), page, size, reader, Access.callerKeys(user, Set.of(roles)));
  }

  private List<String> ids(JobIndex.Page page) {
    return page.ids();
  }

  @Test
  void pagesAreNewestFirstWithTheirTotal() {
    for (int i = 1; i <= 25; i++) {
      add(i, "job " + i, "", List.of());
    }
    JobIndex.Page first = page("", 1, 10);
    assertThat(ids(first)).first().isEqualTo("job-25");
    assertThat(ids(first)).hasSize(10);
    assertThat(first.totalItems()).isEqualTo(25);
    JobIndex.Page last = page("", 3, 10);
    assertThat(ids(last)).containsExactly("job-5", "job-4", "job-3", "job-2", "job-1");
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 1_000_000})
  void aPageReadsTheSameNumberOfJobsHoweverManyThereAre(int count) {
    for (int i = 1; i <= count; i++) {
      add(i, "job " + i, "", List.of());
    }
    reads.set(0);
    JobIndex.Page page = page("", 2, 10);
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

    assertThat(ids(page("tag:ops", 1, 10))).containsExactly("job-3", "job-1");
    assertThat(ids(page("tags:db,billing", 1, 10))).containsExactly("job-2", "job-1");
    assertThat(ids(page("failed", 1, 10))).containsExactly("job-3");
    assertThat(ids(page("Backup", 1, 10))).containsExactly("job-3", "job-1");
    assertThat(ids(page("backup completed", 1, 10))).containsExactly("job-1");
    JobIndex.Page billing = page("billing tag:billing", 1, 10);
    assertThat(ids(billing)).containsExactly("job-2");
    assertThat(billing.totalItems()).isEqualTo(1);
    assertThat(page("pending", 1, 10).totalItems()).isEqualTo(1);
  }

  @Test
  void aRemovedJobLeavesEveryIndex() {
    Job a = add(1, "a", "", List.of("x"));
    index.remove(batch, a);
    jobs.remove(a.id());
    assertThat(page("", 1, 10).totalItems()).isZero();
    assertThat(page("tag:x", 1, 10).totalItems()).isZero();
    assertThat(page("pending", 1, 10).totalItems()).isZero();
  }

  @Test
  void aUserListsTheJobsTheyOwnOrThatNameThemOrOneOfTheirRolesEachOnce() {
    add(1, "alice", List.of());
    add(2, "bob", List.of(Permission.user("alice")));
    add(3, "bob", List.of(Permission.role("ops")));
    add(4, "bob", List.of());
    add(5, "alice", List.of(Permission.role("ops"), Permission.user("alice")));
    add(6, "carol", List.of(Permission.role("dev")));

    JobIndex.Page alice = pageFor("", 1, 10, "alice");
    assertThat(ids(alice)).containsExactly("job-5", "job-2", "job-1");
    assertThat(alice.totalItems()).isEqualTo(3);
    JobIndex.Page aliceInOps = pageFor("", 1, 2, "alice", "ops");
    assertThat(ids(aliceInOps)).containsExactly("job-5", "job-3");
    assertThat(aliceInOps.totalItems()).isEqualTo(4);
    assertThat(ids(pageFor("", 2, 2, "alice", "ops"))).containsExactly("job-2", "job-1");
    assertThat(ids(pageFor("", 1, 10, "dave"))).isEmpty();
    assertThat(ids(pageFor("pending", 1, 10, "carol", "dev"))).containsExactly("job-6");
    assertThat(ids(pageFor("completed", 1, 10, "carol", "dev"))).isEmpty();
    // an admin (no keys) sees them all
    assertThat(page("", 1, 10).totalItems()).isEqualTo(6);
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 10_000})
  void aUsersPageReadsOnlyTheJobsTheyMaySee(int others) {
    for (int i = 1; i <= others; i++) {
      add(i, "someone", List.of());
    }
    for (int i = others + 1; i <= others + 30; i++) {
      add(i, "alice", List.of());
    }
    reads.set(0);
    JobIndex.Page page = pageFor("", 2, 10, "alice");
    assertThat(page.totalItems()).isEqualTo(30);
    assertThat(ids(page)).hasSize(10).first().isEqualTo("job-" + (others + 20));
    assertThat(reads.get()).isEqualTo(21);
  }

  @Test
  void aChangeOfPermissionsMovesTheJobBetweenIndexes() {
    Job job = add(1, "bob", List.of(Permission.user("alice")));
    Job next = job.toBuilder().permissions(List.of(Permission.role("ops"))).build();
    jobs.put(next.id(), next);
    index.put(batch, next, job);
    assertThat(ids(pageFor("", 1, 10, "alice"))).isEmpty();
    assertThat(ids(pageFor("", 1, 10, "carol", "ops"))).containsExactly("job-1");
    index.remove(batch, next);
    jobs.remove(next.id());
    assertThat(pageFor("", 1, 10, "bob").totalItems()).isZero();
  }

  @Test
  void countsByStateFollowEveryChange() {
    Job a = add(1, "a", "", List.of());
    Job b = add(2, "b", "", List.of());
    change(a, JobState.RUNNING);
    change(b, JobState.RUNNING);
    commit();
    assertThat(index.count(JobState.RUNNING)).isEqualTo(2);
    change(jobs.get(a.id()), JobState.COMPLETED);
    commit();
    assertThat(index.count(JobState.RUNNING)).isEqualTo(1);
    assertThat(index.count(JobState.COMPLETED)).isEqualTo(1);
    index.remove(batch, jobs.get(b.id()));
    commit();
    assertThat(index.count(JobState.RUNNING)).isZero();
    assertThat(index.count(JobState.CANCELLED)).isZero();
  }
}
