package io.tork.scheduler.kafka;

import io.tork.kafka.Submissions;
import io.tork.model.CancelTask;
import io.tork.model.Task;
import io.tork.model.WebhookCall;
import io.tork.model.codec.Json;
import io.tork.model.codec.Redaction;
import io.tork.scheduler.core.Message;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a decision sends, through the job processor's sinks: webhook calls (to be made by the {@link
 * WebhookDispatcher}), stops for nodes, tasks for their queues, messages for other jobs and for
 * this job's next chunk, and the views of what it stored. Each record is serialized and measured
 * into the {@link WriteBatch} when it is queued, and sent when the batch runs.
 */
final class Outbox {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  private final ProcessorContext<String, Object> context;
  private final HeldDispatches dispatches;

  Outbox(ProcessorContext<String, Object> context, HeldDispatches dispatches) {
    this.context = context;
    this.dispatches = dispatches;
  }

  /**
   * The decision's webhook calls, which carry the job's secrets sealed. Queued before any task
   * record ({@link WriteBatch#beforeTaskWrites}): they were computed from the stored versions.
   */
  void webhooks(WriteBatch batch, List<WebhookCall> calls, Redaction secrets, long now) {
    batch.beforeTaskWrites("webhook calls");
    for (WebhookCall call : calls) {
      forward(
          batch,
          "a webhook call",
          call.jobId(),
          Json.write(call, secrets.values()),
          now,
          SchedulerTopology.WEBHOOKS_SINK);
    }
  }

  /** Tells the nodes running {@code cancellations}' tasks to stop them. */
  void stops(WriteBatch batch, List<CancelTask> cancellations, long now) {
    for (CancelTask cancel : cancellations) {
      forward(
          batch,
          "a cancellation",
          cancel.nodeId(),
          Json.write(cancel),
          now,
          SchedulerTopology.WORKER_COMMANDS_SINK);
      batch.then(
          () ->
              log.atDebug()
                  .addKeyValue("jobId", cancel.jobId())
                  .addKeyValue("taskId", cancel.taskId())
                  .addKeyValue("nodeId", cancel.nodeId())
                  .log("task cancellation sent to node"));
    }
  }

  /**
   * Hands {@code tasks} to their queues; a task whose queue's topics are still being made is held
   * until they exist ({@link HeldDispatches}): the stream thread never waits for them.
   */
  void dispatches(WriteBatch batch, List<Task> tasks, long now) {
    for (Task task : tasks) {
      boolean ready = dispatches.canSend(task);
      batch.then(() -> dispatches.dispatch(task, ready, now));
    }
  }

  /** Messages for other jobs (and this job's next chunk) go through the topics. */
  void messages(WriteBatch batch, List<Message> messages, long now, Redaction secrets) {
    for (Message message : messages) {
      message(batch, message, now, secrets);
    }
  }

  private void message(WriteBatch batch, Message message, long now, Redaction secrets) {
    switch (message) {
      case Message.SubmitJob submit -> {
        Headers headers = Submissions.engineJob();
        byte[] json = batch.measure("the sub-job record", Json.write(submit.job()));
        batch.then(
            () -> {
              context.forward(
                  new Record<String, Object>(submit.job().id(), json, now, headers),
                  SchedulerTopology.SUBJOBS_SINK);
              log.atDebug()
                  .addKeyValue("jobId", submit.job().id())
                  .addKeyValue("parentJobId", submit.job().parentJobId())
                  .log("sub-job submitted");
            });
      }
      case Message.SendCommand command ->
          forward(
              batch,
              "a command",
              command.command().jobId(),
              Json.write(command.command()),
              now,
              SchedulerTopology.JOB_COMMANDS_SINK);
      case Message.ReportToParent report ->
          // A sub-job's result or error, which may carry its secrets.
          forward(
              batch,
              "a report to the parent job",
              report.event().jobId(),
              Json.write(report.event(), secrets.values()),
              now,
              SchedulerTopology.TASK_EVENTS_SINK);
    }
  }

  /** The view of a task record, serialized already (sent as the batch runs). */
  void taskView(String taskId, byte[] json, long now) {
    context.forward(
        new Record<String, Object>(taskId, json, now), SchedulerTopology.TASK_VIEWS_SINK);
  }

  /** The view of the job, serialized already (sent as the batch runs). */
  void jobView(String jobId, byte[] json, long now) {
    context.forward(new Record<String, Object>(jobId, json, now), SchedulerTopology.JOB_VIEWS_SINK);
  }

  /** Forwards a record serialized already, measured now. */
  private void forward(
      WriteBatch batch, String what, String key, byte[] json, long now, String sink) {
    batch.measure(what, json);
    batch.then(() -> context.forward(new Record<String, Object>(key, json, now), sink));
  }
}
