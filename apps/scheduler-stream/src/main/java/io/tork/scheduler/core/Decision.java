package io.tork.scheduler.core;

import io.tork.model.CancelTask;
import io.tork.model.Job;
import io.tork.model.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one input changes: the job's new state (absent when unchanged), the task records to store
 * (new or changed, in order), the tasks to hand to workers, the running tasks to stop on their
 * nodes, the messages for other jobs (sub-jobs and their parents) and for this job's next chunk,
 * which of the task records are new, the outputs written ({@code var} -> result), which live apart
 * from the job, and the parts of {@code each} lists to keep ({@code itemChunks}) or drop ({@code
 * droppedItems}, by parent task id) while a large one is planned a chunk at a time.
 */
public record Decision(
    @Nullable Job job,
    List<Task> tasks,
    List<Task> dispatches,
    List<CancelTask> cancellations,
    List<Message> messages,
    Set<String> created,
    Map<String, String> outputs,
    List<ItemChunk> itemChunks,
    Set<String> droppedItems) {
  public static final Decision NOTHING =
      new Decision(null, List.of(), List.of(), List.of(), List.of(), Set.of(), Map.of());

  public Decision {
    tasks = List.copyOf(tasks);
    dispatches = List.copyOf(dispatches);
    cancellations = List.copyOf(cancellations);
    messages = List.copyOf(messages);
    created = Set.copyOf(created);
    outputs = Map.copyOf(outputs);
    itemChunks = List.copyOf(itemChunks);
    droppedItems = Set.copyOf(droppedItems);
  }

  public Decision(
      @Nullable Job job,
      List<Task> tasks,
      List<Task> dispatches,
      List<CancelTask> cancellations,
      List<Message> messages,
      Set<String> created,
      Map<String, String> outputs) {
    this(job, tasks, dispatches, cancellations, messages, created, outputs, List.of(), Set.of());
  }

  public Decision(
      @Nullable Job job,
      List<Task> tasks,
      List<Task> dispatches,
      List<CancelTask> cancellations,
      List<Message> messages) {
    this(job, tasks, dispatches, cancellations, messages, Set.of(), Map.of());
  }

  public Decision(@Nullable Job job, List<Task> tasks, List<Task> dispatches) {
    this(job, tasks, dispatches, List.of(), List.of());
  }

  public Decision(
      @Nullable Job job, List<Task> tasks, List<Task> dispatches, List<CancelTask> cancellations) {
    this(job, tasks, dispatches, cancellations, List.of());
  }

  public Optional<Job> changedJob() {
    return Optional.ofNullable(job);
  }

  public boolean isNothing() {
    return job == null
        && tasks.isEmpty()
        && dispatches.isEmpty()
        && cancellations.isEmpty()
        && messages.isEmpty()
        && outputs.isEmpty()
        && itemChunks.isEmpty()
        && droppedItems.isEmpty();
  }
}
