package io.tork.gateway.kafka;

import io.tork.model.InvalidJobException;
import io.tork.model.Job;
import io.tork.model.JobIds;
import io.tork.model.JobSpec;
import io.tork.model.JobState;
import io.tork.model.ScheduledJob;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.TaskState;
import io.tork.model.Topics;
import io.tork.model.codec.JobDocuments;
import io.tork.model.codec.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own read model, built from the topics the scheduler writes ({@code job-views},
 * {@code task-views}) and from {@code jobs} itself, so that a job is readable here as PENDING as
 * soon as any gateway has had it acknowledged. A read that misses waits until this view has
 * consumed everything committed at the time of the read: a GET right after a POST never 404s.
 */
public final class JobViews implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobViews.class);

  private final Topics topics;
  private final KafkaConsumer<String, byte[]> consumer;
  private final ViewProgress progress;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, Job> submitted = new ConcurrentHashMap<>();
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> waiting = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListMap<Integer, String>> executions =
      new ConcurrentHashMap<>();
  private final Map<String, List<CompletableFuture<Job>>> endWaiters = new ConcurrentHashMap<>();
  private final JobIndex index = new JobIndex();
  private final TaskLogs logs = new TaskLogs();
  private final Map<String, ScheduledJob> schedules = new ConcurrentHashMap<>();
  private final Map<String, List<Consumer<Object>>> jobFollowers = new ConcurrentHashMap<>();
  private final Set<String> runningTasks = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;
  private final Thread thread;

  public JobViews(String bootstrapServers, Topics topics) {
    this.topics = topics;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    this.progress = new ViewProgress(bootstrapServers);
    this.thread = Thread.ofPlatform().name("job-views").unstarted(this::run);
  }

  public void start() {
    if (stopping) {
      throw new IllegalStateException("the job view is closed");
    }
    thread.start();
  }

  /** The job and its execution list (task records in creation order). */
  public Optional<JobSnapshot> find(String jobId) {
    Job job = jobs.get(jobId);
    if (job == null) {
      job = submitted.get(jobId);
    }
    if (job == null) {
      return Optional.empty();
    }
    List<Task> execution = new ArrayList<>();
    var index = executions.get(jobId);
    if (index != null) {
      index.values().forEach(id -> Optional.ofNullable(tasks.get(id)).ifPresent(execution::add));
    }
    return Optional.of(new JobSnapshot(job, execution));
  }

  /**
   * Completes when the job reaches a terminal state (COMPLETED, FAILED or CANCELLED), with the job;
   * at once if it already has. Cancel the future to stop waiting.
   */
  public CompletableFuture<Job> awaitEnd(String jobId) {
    CompletableFuture<Job> ended = new CompletableFuture<>();
    endWaiters.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(ended);
    ended.whenComplete(
        (job, error) ->
            endWaiters.computeIfPresent(
                jobId,
                (id, list) -> {
                  list.remove(ended);
                  return list.isEmpty() ? null : list;
                }));
    Job current = jobs.get(jobId);
    if (current != null && current.state().isTerminal()) {
      ended.complete(current);
    }
    return ended;
  }

  /** Serves a job this gateway has just had acknowledged, until the scheduler's view arrives. */
  public void submitted(Job job) {
    addSubmitted(job);
  }

  private synchronized void addSubmitted(Job job) {
    if (!jobs.containsKey(job.id()) && submitted.putIfAbsent(job.id(), job) == null) {
      index.put(job, null);
    }
  }

  /** A page of the listing: jobs newest first, as {@code q} filters them. */
  public ListPage list(String q, int page, int size) {
    JobIndex.Page found = index.page(JobIndex.Query.parse(q), page, size, this::anyJob);
    List<Job> items = found.ids().stream().map(this::anyJob).filter(j -> j != null).toList();
    return new ListPage(items, found.totalItems());
  }

  public Optional<ScheduledJob> scheduledJob(String id) {
    return Optional.ofNullable(schedules.get(id));
  }

  /** The scheduled jobs, newest first. */
  public List<ScheduledJob> scheduledJobs() {
    return schedules.values().stream()
        .sorted(
            java.util.Comparator.comparing(ScheduledJob::createdAt)
                .reversed()
                .thenComparing(ScheduledJob::id))
        .toList();
  }

  public Optional<Task> task(String taskId) {
    return Optional.ofNullable(tasks.get(taskId));
  }

  /** A task's log parts, newest first, filtered by {@code q}. */
  public List<TaskLogPart> taskLog(String taskId, String q) {
    return logs.of(taskId, q);
  }

  /** A job's log parts: its newest task records first, each one's newest parts first. */
  public List<TaskLogPart> jobLog(String jobId, String q) {
    var index = executions.get(jobId);
    if (index == null) {
      return List.of();
    }
    return logs.ofAll(List.copyOf(index.descendingMap().values()), q);
  }

  /** The task's parts so far, oldest first, then every new one; returns what stops following. */
  public Runnable followTaskLog(String taskId, Consumer<TaskLogPart> follower) {
    Runnable stop = logs.follow(taskId, follower);
    logs.oldestFirst(taskId).forEach(follower);
    return stop;
  }

  /**
   * Calls {@code follower} with every new state of the job (a {@link Job}) and of its task records
   * (a {@link Task}); returns what stops following.
   */
  public Runnable followJob(String jobId, Consumer<Object> follower) {
    jobFollowers.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(follower);
    return () ->
        jobFollowers.computeIfPresent(
            jobId,
            (id, list) -> {
              list.remove(follower);
              return list.isEmpty() ? null : list;
            });
  }

  private void notifyJobFollowers(String jobId, Object update) {
    List<Consumer<Object>> followers = jobFollowers.get(jobId);
    if (followers != null) {
      followers.forEach(f -> f.accept(update));
    }
  }

  /** How many jobs are in {@code state} now (kept by the listing's index: no walk). */
  public int jobCount(JobState state) {
    return index.count(state);
  }

  /** How many task records are RUNNING now. */
  public int runningTaskCount() {
    return runningTasks.size();
  }

  /** One page of jobs and how many the query matches in all. */
  public record ListPage(List<Job> items, int totalItems) {}

  private Job anyJob(String id) {
    Job job = jobs.get(id);
    return job != null ? job : submitted.get(id);
  }

  /** Consuming, and loaded: holds everything that was committed when this view started. */
  public boolean isLive() {
    return thread.isAlive() && isLoaded();
  }

  /** Whether the view holds everything that was committed when it started. */
  public boolean isLoaded() {
    return progress.isLoaded();
  }

  /**
   * Blocks until this view holds everything that was committed when it started.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return progress.awaitLoaded(timeout);
  }

  /**
   * Blocks until this view has consumed every record committed to its topics when called.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return progress.awaitCaughtUp(timeout);
  }

  private void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic :
          List.of(
              topics.jobs(),
              topics.jobViews(),
              topics.taskViews(),
              topics.logs(),
              topics.scheduledJobViews())) {
        consumer
            .partitionsFor(topic, Duration.ofSeconds(60))
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      progress.assigned(partitions);
      long records = 0;
      while (!stopping) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record);
          records++;
        }
        if (progress.advanced(consumer::position)) {
          log.atInfo()
              .addKeyValue("records", records)
              .addKeyValue("jobs", jobs.size())
              .addKeyValue("ms", progress.msSinceLoadStart())
              .log("job view loaded");
        }
      }
    } catch (WakeupException e) {
      if (!stopping) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.atError().setCause(e).log("job view consumer failed");
      throw e;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    String key = record.key();
    if (key == null) {
      return;
    }
    try {
      if (record.topic().equals(topics.scheduledJobViews())) {
        if (record.value() == null) {
          schedules.remove(key);
        } else {
          schedules.put(key, Json.read(record.value(), ScheduledJob.class));
        }
      } else if (record.topic().equals(topics.logs())) {
        if (record.value() != null) {
          logs.add(Json.read(record.value(), TaskLogPart.class));
        } else {
          logs.removeJob(key); // the job was deleted
        }
      } else if (record.topic().equals(topics.jobViews())) {
        applyJob(key, record.value());
      } else if (record.topic().equals(topics.taskViews())) {
        applyTask(key, record.value());
      } else {
        applySubmission(key, record);
      }
    } catch (IllegalArgumentException e) {
      log.atWarn()
          .addKeyValue("topic", record.topic())
          .addKeyValue("key", key)
          .addKeyValue("error", e.getMessage())
          .log("unreadable view record skipped");
    }
  }

  private synchronized void applyJob(String id, byte[] value) {
    if (value == null) {
      Job removed = jobs.remove(id);
      if (removed != null) {
        index.remove(removed);
      }
      return;
    }
    Job job = Json.read(value, Job.class);
    Job previous = jobs.put(id, job);
    Job pending = submitted.remove(id);
    index.put(job, previous != null ? previous : pending);
    notifyJobFollowers(id, job);
    if (job.state().isTerminal()) {
      List<CompletableFuture<Job>> waiting = endWaiters.get(id);
      if (waiting != null) {
        waiting.forEach(w -> w.complete(job));
      }
    }
  }

  private void applyTask(String id, byte[] value) {
    if (value == null) {
      Task removed = tasks.remove(id);
      countWaiting(removed, -1);
      runningTasks.remove(id);
      if (removed != null) {
        var index = executions.get(removed.jobId());
        if (index != null) {
          index.remove(removed.seq());
        }
      }
      return;
    }
    Task task = Json.read(value, Task.class);
    countWaiting(tasks.put(id, task), -1);
    countWaiting(task, +1);
    if (task.state() == TaskState.RUNNING) {
      runningTasks.add(id);
    } else {
      runningTasks.remove(id);
    }
    executions
        .computeIfAbsent(task.jobId(), j -> new ConcurrentSkipListMap<>())
        .put(task.seq(), id);
    notifyJobFollowers(task.jobId(), task);
  }

  /**
   * Tasks waiting in each queue (SCHEDULED: dispatched, not yet taken by a worker), by queue name.
   * Counted from the records rather than from the queue topics' offsets, which transaction markers
   * inflate (a queue holding one task can be two offsets long).
   */
  public Map<String, Long> waitingByQueue() {
    Map<String, Long> out = new java.util.TreeMap<>();
    waiting.forEach((queue, count) -> out.put(queue, count.sum()));
    return out;
  }

  private void countWaiting(@Nullable Task task, int delta) {
    if (task != null && task.state() == TaskState.SCHEDULED) {
      waiting.computeIfAbsent(task.queue(), q -> new LongAdder()).add(delta);
    }
  }

  private void applySubmission(String id, ConsumerRecord<String, byte[]> record) {
    if (jobs.containsKey(id)
        || submitted.containsKey(id)
        || !JobIds.isValid(id)
        || record.value() == null) {
      return;
    }
    Header header = record.headers().lastHeader(KafkaJobPublisher.CONTENT_TYPE_HEADER);
    String contentType =
        header == null ? "application/json" : new String(header.value(), StandardCharsets.UTF_8);
    if (contentType.equals(JobDocuments.ENGINE_JOB)) {
      addSubmitted(Json.read(record.value(), Job.class)); // a sub-job
      return;
    }
    try {
      JobSpec spec = JobDocuments.parse(record.value(), contentType);
      addSubmitted(Job.pending(id, spec, Instant.ofEpochMilli(record.timestamp())));
    } catch (InvalidJobException e) {
      // The scheduler turns it into a FAILED job with the reason; that view follows.
    }
  }

  @Override
  public void close() {
    stopping = true;
    if (thread.getState() == Thread.State.NEW) {
      consumer.close(); // never started: its thread would have closed it
    } else {
      consumer.wakeup();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    progress.close();
  }
}
