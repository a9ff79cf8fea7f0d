package io.tork.scheduler.core;

import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.SubJobSpec;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.model.TaskState;
import io.tork.model.expr.ExpressionException;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A task record made and started: its templates evaluated ({@link TaskPlanner}), then SKIPPED,
 * dispatched to its queue, its children started ({@link Composites}, {@link Dags}) or its sub-job
 * submitted.
 */
final class Launch {
  private Launch() {}

  /**
   * A new task record for {@code spec}: its templates evaluated against the job's context and
   * {@code scope}; FAILED if they cannot be, CREATED if {@code hold} (an {@code each} child waiting
   * for a slot: its {@code if} applies when it is released, as in Tork), else launched.
   */
  static Task plan(
      Changes ch,
      TaskSpec spec,
      int position,
      @Nullable Task parent,
      int index,
      Map<String, Object> scope,
      boolean hold) {
    return plan(ch, spec, position, parent, index, scope, hold, 1);
  }

  static Task plan(
      Changes ch,
      TaskSpec spec,
      int position,
      @Nullable Task parent,
      int index,
      Map<String, Object> scope,
      boolean hold,
      int attempt) {
    Task.Builder record =
        record(ch, spec, parent, index, scope).position(position).attempt(attempt);
    return evaluate(ch, record, spec, scope, parent != null, hold);
  }

  /**
   * A new CREATED record for the {@code dag} child {@code spec}, waiting for {@code waiting} of its
   * dependencies: its templates are evaluated when it is let run ({@link #planHeld}), so that it
   * sees what they wrote.
   */
  static Task hold(
      Changes ch, TaskSpec spec, Task parent, int index, Map<String, Object> scope, int waiting) {
    return ch.put(
        record(ch, spec, parent, index, scope)
            .position(parent.position())
            .attempt(1)
            .state(TaskState.CREATED)
            .waiting(waiting)
            .build());
  }

  /** The held {@code dag} child {@code held}, its dependencies done: evaluated and launched. */
  static Task planHeld(Changes ch, Task held) {
    return evaluate(ch, held.toBuilder().waiting(0), held.spec(), held.scope(), true, false);
  }

  /** A new record of {@code spec} (its position and attempt to be set). */
  private static Task.Builder record(
      Changes ch, TaskSpec spec, @Nullable Task parent, int index, Map<String, Object> scope) {
    return Task.builder()
        .id(ch.newId())
        .jobId(ch.job().id())
        .parentId(parent == null ? "" : parent.id())
        .index(index)
        .seq(ch.nextSeq())
        .spec(spec)
        .scope(scope)
        .secrets(ch.secrets().values())
        .createdAt(ch.now());
  }

  /** {@code record} with {@code spec}'s templates evaluated: FAILED, CREATED or launched. */
  private static Task evaluate(
      Changes ch,
      Task.Builder record,
      TaskSpec spec,
      Map<String, Object> scope,
      boolean child,
      boolean hold) {
    Instant now = ch.now();
    TaskSpec evaluated;
    try {
      TaskPlanner.Evaluated result =
          TaskPlanner.evaluate(
              spec, TaskPlanner.context(ch.job(), ch.outputs(), scope), ch.limits(), ch.ambient());
      evaluated = result.spec();
      if (child) {
        ch.spend(result.renderedBytes());
      }
    } catch (ExpressionException e) {
      return ch.put(record.state(TaskState.FAILED).failedAt(now).error(e.getMessage()).build());
    }
    String named = TaskPlanner.secretInAName(spec, evaluated, ch.secrets());
    if (!named.isEmpty()) {
      return ch.put(record.state(TaskState.FAILED).failedAt(now).error(named).build());
    }
    if (!evaluated.isComposite() && !evaluated.condition().strip().equals("false")) {
      evaluated = TaskPlanner.withDefaults(evaluated, ch.job().defaults());
    }
    Task task =
        record
            .spec(evaluated)
            .queue(evaluated.queue())
            .state(hold ? TaskState.CREATED : TaskState.PENDING)
            .build();
    return hold ? ch.put(task) : launch(ch, task);
  }

  /**
   * Starts a planned (or held-back) task: SKIPPED if its {@code if} is false, else dispatched, or
   * its children or sub-job started.
   */
  static Task launch(Changes ch, Task task) {
    TaskSpec spec = task.spec();
    if (spec.condition().strip().equals("false")) {
      return ch.put(
          task.toBuilder().state(TaskState.SKIPPED).queue("").completedAt(ch.now()).build());
    }
    if (spec.parallel() != null) {
      return Composites.launchParallel(ch, task);
    }
    if (spec.each() != null) {
      return Composites.launchEach(ch, task);
    }
    if (spec.dag() != null) {
      return Dags.launch(ch, task);
    }
    if (spec.subjob() != null) {
      return launchSubJob(ch, task, spec.subjob());
    }
    Task scheduled =
        ch.put(task.toBuilder().state(TaskState.SCHEDULED).scheduledAt(ch.now()).build());
    ch.dispatch(scheduled);
    return scheduled;
  }

  private static Task launchSubJob(Changes ch, Task task, SubJobSpec sub) {
    String childId = ch.newId();
    JobSpec spec =
        new JobSpec(
            sub.name(),
            sub.description(),
            sub.tags(),
            sub.inputs(),
            sub.secrets(),
            sub.tasks(),
            sub.output(),
            null,
            sub.webhooks(),
            null,
            null,
            null,
            sub.timeout());
    // The child is its parent's: the same owner, the same permissions (as Tork); what it is given
    // may carry this job's secrets: they stay secrets there.
    Job child =
        Job.pending(childId, spec, ch.now()).toBuilder()
            .createdBy(ch.job().createdBy())
            .permissions(ch.job().permissions())
            .parentSecrets(ch.secrets().values())
            .build();
    Task.Builder parent =
        task.toBuilder()
            .state(TaskState.RUNNING)
            .scheduledAt(ch.now())
            .startedAt(ch.now())
            .subJobId(childId);
    if (sub.detached()) {
      ch.send(new Message.SubmitJob(child));
      return ch.put(parent.state(TaskState.COMPLETED).completedAt(ch.now()).build());
    }
    ch.send(
        new Message.SubmitJob(
            child.toBuilder().parentJobId(ch.job().id()).parentId(task.id()).build()));
    return ch.put(parent.build());
  }
}
