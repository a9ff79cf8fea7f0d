package io.tork.scheduler.kafka;

import io.tork.model.Task;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Dispatches tasks to their queues without waiting on the stream thread for a queue's topics to be
 * made: a task whose queue is not {@linkplain QueueTopics#ready ready} is stored ({@link
 * StoreNames#HELD_DISPATCHES}, in the same transaction as the decision that made it) and sent by
 * {@link #release}, which the job processor runs often, once the topics exist. So no task is lost
 * to a crash in between, and none is sent twice.
 */
final class HeldDispatches {
  private final ProcessorContext<String, Object> context;
  private final QueueTopics queueTopics;
  private final KeyValueStore<String, Task> held;

  /** Whether the store may hold a task: true at start (it may hold some from before a restart). */
  private boolean any = true;

  HeldDispatches(ProcessorContext<String, Object> context, QueueTopics queueTopics) {
    this.context = context;
    this.queueTopics = queueTopics;
    this.held = context.getStateStore(StoreNames.HELD_DISPATCHES);
  }

  /** Whether {@code task} can be sent now; asking starts the making of its queue's topics. */
  boolean canSend(Task task) {
    return queueTopics.ready(task.queue());
  }

  /** Sends {@code task} to its queue now, or holds it until {@link #release} can. */
  void dispatch(Task task, boolean now, long timestamp) {
    if (now) {
      send(task, timestamp);
    } else {
      held.put(task.id(), task);
      any = true;
    }
  }

  /** Sends the held tasks whose queues are ready. */
  void release(long timestamp) {
    if (!any) {
      return;
    }
    List<Task> ready = new ArrayList<>();
    boolean waiting = false;
    try (KeyValueIterator<String, Task> all = held.all()) {
      while (all.hasNext()) {
        KeyValue<String, Task> entry = all.next();
        if (canSend(entry.value)) {
          ready.add(entry.value);
        } else {
          waiting = true;
        }
      }
    }
    for (Task task : ready) {
      send(task, timestamp);
      held.delete(task.id());
    }
    any = waiting;
  }

  private void send(Task task, long timestamp) {
    context.forward(
        new Record<String, Object>(task.id(), task, timestamp), SchedulerTopology.DISPATCH_SINK);
  }
}
