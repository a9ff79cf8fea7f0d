package io.tork.gateway.kafka;

import io.tork.gateway.core.JobSnapshot;
import io.tork.gateway.core.ReadModel;
import io.tork.gateway.core.Views;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.ScheduledJob;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.codec.Redaction;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The read ports over the view store: each read from its projection, with what lives in memory
 * beside the store ({@link ViewEvents}: followers, end waiters, this gateway's own submissions not
 * yet read back). Whether it is loaded is {@code loading}'s to say; {@link JobViews} fills it from
 * the topics.
 */
class StoredViews implements Views {
  private final Projections projections;
  private final ViewEvents events;
  private final ReadModel loading;

  StoredViews(Projections projections, ViewEvents events, ReadModel loading) {
    this.projections = projections;
    this.events = events;
    this.loading = loading;
  }

  @Override
  public boolean isLoaded() {
    return loading.isLoaded();
  }

  @Override
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return loading.awaitLoaded(timeout);
  }

  @Override
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return loading.awaitCaughtUp(timeout);
  }

  @Override
  public Optional<JobSnapshot> find(String jobId) {
    Optional<JobSnapshot> found = jobs().snapshot(jobId, EXECUTION_RECORDS, EXECUTION_BYTES);
    if (found.isPresent()) {
      return found;
    }
    return events
        .submittedJob(jobId)
        .map(job -> new JobSnapshot(job, List.of(), 0, Map.of(), Redaction.of(job, List.of())));
  }

  @Override
  public Optional<Job> job(String jobId) {
    return jobs().job(jobId).or(() -> events.submittedJob(jobId));
  }

  @Override
  public Redaction redaction(String jobId) {
    return job(jobId).map(jobs()::redaction).orElseGet(Redaction::none);
  }

  @Override
  public Iterator<Task> tasks(String jobId, long offset) {
    return projections.tasks().tasks(jobId, offset);
  }

  @Override
  public int executionCount(String jobId) {
    return projections.tasks().executionCount(jobId);
  }

  @Override
  public CompletableFuture<Job> awaitEnd(String jobId) {
    CompletableFuture<Job> ended = events.awaitEnd(jobId);
    jobs().job(jobId).filter(job -> job.state().isTerminal()).ifPresent(ended::complete);
    return ended;
  }

  @Override
  public void submitted(Job job) {
    events.submitted(job);
  }

  /** Every job's page, as an admin sees them. */
  public ListPage list(String q, int page, int size) throws InterruptedException {
    return list(q, page, size, null);
  }

  /** Walks the jobs indexed under {@code accessKeys}, never every job. */
  @Override
  public ListPage list(String q, int page, int size, @Nullable Set<String> accessKeys)
      throws InterruptedException {
    events.awaitSubmissionsSeen(Duration.ofSeconds(2));
    return jobs().list(q, page, size, accessKeys);
  }

  /** Kept by the listing's index: no walk. */
  @Override
  public int jobCount(JobState state) {
    return jobs().jobCount(state);
  }

  @Override
  public int runningTaskCount() {
    return projections.tasks().runningTaskCount();
  }

  @Override
  public Optional<ScheduledJob> scheduledJob(String id) {
    return projections.schedules().scheduledJob(id);
  }

  @Override
  public List<ScheduledJob> scheduledJobs() {
    return projections.schedules().scheduledJobs();
  }

  @Override
  public Optional<Task> task(String taskId) {
    return projections.tasks().task(taskId);
  }

  @Override
  public Iterator<TaskLogPart> taskLog(String jobId, String taskId, boolean newestFirst) {
    return projections.logs().taskLog(jobId, taskId, newestFirst);
  }

  @Override
  public Iterator<TaskLogPart> jobLog(String jobId) {
    return projections.logs().jobLog(jobId);
  }

  @Override
  public Runnable followTaskLog(String taskId, Consumer<TaskLogPart> follower) {
    return events.followLog(taskId, follower);
  }

  @Override
  public Runnable followJob(String jobId, Consumer<Object> follower) {
    return events.followJob(jobId, follower);
  }

  /**
   * Counted from the records rather than from the queue topics' offsets, which transaction markers
   * inflate (a queue holding one task can be two offsets long).
   */
  @Override
  public Map<String, Long> waitingByQueue() {
    return projections.tasks().waitingByQueue();
  }

  @Override
  public Iterator<String> jobsWaitingOn(String queue) {
    return projections.tasks().jobsWaitingOn(queue);
  }

  private JobProjection jobs() {
    return projections.jobs();
  }
}
