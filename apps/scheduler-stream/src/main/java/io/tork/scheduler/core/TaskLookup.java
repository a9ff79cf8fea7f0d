package io.tork.scheduler.core;

import io.tork.model.Task;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Read access to a job's other task records, for the decisions that concern more than the record an
 * event names: a child's parent, the next held-back child of an {@code each}, the records to cancel
 * when a job ends, the items of a large {@code each} planned a chunk at a time. Every lookup costs
 * the same whatever the size of the job, except {@link #active(String)}, which tests use; the
 * engine asks for a bounded number ({@link #active(String, int)}).
 */
public interface TaskLookup {
  TaskLookup NONE = new Empty();

  /** A lookup that finds nothing but the given active records. */
  static TaskLookup ofActive(List<Task> active) {
    return new Empty() {
      @Override
      public List<Task> active(String jobId) {
        return active;
      }
    };
  }

  /** Finds nothing: a job whose other records do not matter (a new job, a test). */
  class Empty implements TaskLookup {
    @Override
    public @Nullable Task task(String taskId) {
      return null;
    }

    @Override
    public @Nullable Task child(String parentId, int index) {
      return null;
    }

    @Override
    public List<Task> active(String jobId) {
      return List.of();
    }

    @Override
    public @Nullable String output(String jobId, String var) {
      return null;
    }

    @Override
    public Map<String, String> outputs(String jobId) {
      return Map.of();
    }
  }

  @Nullable Task task(String taskId);

  /** The latest record of the child at {@code index} of the composite task {@code parentId}. */
  @Nullable Task child(String parentId, int index);

  /** The job's task records that have not ended. */
  List<Task> active(String jobId);

  /**
   * At most {@code max} of the job's task records that have not ended (which ones is up to the
   * lookup): a job with many of them is cancelled a chunk at a time.
   */
  default List<Task> active(String jobId, int max) {
    List<Task> all = active(jobId);
    return all.size() <= max ? all : all.subList(0, max);
  }

  /**
   * The stored chunk {@code chunk} of the list an {@code each} task {@code parentId} runs over
   * (items {@code chunk * ItemChunk.SIZE} on); null when there is none.
   */
  default @Nullable List<Object> itemChunk(String parentId, int chunk) {
    return null;
  }

  /** What the job's task with {@code var} wrote (its latest result); null when none yet. */
  @Nullable String output(String jobId, String var);

  /** Every output of the job (a walk over them: only to show the whole map). */
  Map<String, String> outputs(String jobId);
}
