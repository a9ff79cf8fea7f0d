package io.tork.scheduler.core;

import io.tork.model.Job;
import io.tork.model.Task;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where the scheduler keeps its jobs, their task records and the indexes over them: what a decision
 * reads ({@link TaskLookup}) and what carrying it out writes. The engine's is kept in Kafka
 * Streams' state stores ({@code StreamsJobStore}); {@code InMemoryJobStore} is its twin for tests,
 * and one contract test runs against both. Every read and write costs the same whatever the size of
 * the job, except the scans named so. One thread at a time (a stream task owns its jobs).
 */
public interface JobStore extends TaskLookup {
  /** Where a record runs: a node, the record, and its job. */
  record OnNode(String nodeId, String taskId, String jobId) {}

  /** A timer of a job: a waiting retry's ({@code taskId}), or the job's deadline ({@code ""}). */
  record Due(String jobId, String taskId) {
    public boolean isDeadline() {
      return taskId.isEmpty();
    }
  }

  @Nullable Job job(String jobId);

  /**
   * Stores the job; a COMPLETED one with a {@code deleteAt} time is listed to be removed then
   * ({@link #takeExpired}), and the {@code deadline} of one that has not ended is a timer ({@link
   * #takeDue}), dropped when it ends.
   */
  void putJob(Job job);

  /**
   * Stores the record and keeps its indexes: the job's active records, the records running on a
   * node and, for a record {@code created} by the decision, the job's records and a composite's
   * child at its index (a record's later transitions do not move those two). A PENDING record's
   * {@code dueAt} is a timer ({@link #takeDue}), dropped when the record moves on.
   */
  void putTask(Task task, boolean created);

  /** Stores what the job's task with {@code var} wrote, as given (sealed if it holds a secret). */
  void putOutput(String jobId, String var, String value);

  /** Stores chunk {@code chunk} of the list an {@code each} task {@code parentId} runs over. */
  void putItems(String parentId, int chunk, byte[] json);

  /** Drops every stored chunk of the list of {@code parentId}. */
  void dropItems(String parentId);

  /** The records running on a node, all of them (a scan over the running ones only). */
  List<OnNode> running();

  /** Forgets that {@code taskId} runs on {@code nodeId} (an entry gone stale). */
  void notRunning(String nodeId, String taskId);

  /** The ids of the jobs whose {@code deleteAt} is at or before {@code now}, taken off the list. */
  List<String> takeExpired(Instant now);

  /**
   * The timers due at or before {@code now}, earliest first, taken off the list: kept in the store,
   * so a restarted scheduler has them. Reads only the due ones.
   */
  List<Due> takeDue(Instant now);

  /**
   * Removes the job, its task records, their index entries and its outputs; returns the ids of the
   * records removed. Nothing happens for a job that is not stored.
   */
  List<String> remove(String jobId);
}
