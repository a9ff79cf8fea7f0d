package io.tork.gateway.core;

import io.tork.model.JobCommand;
import io.tork.model.ScheduleCommand;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Records what the routes send, in order, and acknowledges it at once; after {@link #failWith} it
 * fails every send with that error instead (a cluster that does not answer), recording nothing.
 */
public final class InMemoryJobCommands implements JobCommands {
  /** One submission, as the {@code jobs} topic would hold it. */
  public record Submission(
      String jobId, byte[] document, String contentType, Instant createdAt, String createdBy) {}

  private final List<Submission> submissions = new CopyOnWriteArrayList<>();
  private final List<Object> commands = new CopyOnWriteArrayList<>();
  private volatile @Nullable Throwable failure;

  public InMemoryJobCommands failWith(Throwable error) {
    this.failure = error;
    return this;
  }

  public List<Submission> submissions() {
    return List.copyOf(submissions);
  }

  /** The job and schedule commands sent, in order. */
  public List<Object> commands() {
    return List.copyOf(commands);
  }

  @Override
  public CompletableFuture<Void> publish(
      String jobId, byte[] document, String contentType, Instant createdAt, String createdBy) {
    return send(
        () -> submissions.add(new Submission(jobId, document, contentType, createdAt, createdBy)));
  }

  @Override
  public CompletableFuture<Void> publish(JobCommand command) {
    return send(() -> commands.add(command));
  }

  @Override
  public CompletableFuture<Void> publish(ScheduleCommand command) {
    return send(() -> commands.add(command));
  }

  private CompletableFuture<Void> send(Runnable record) {
    Throwable error = failure;
    if (error != null) {
      return CompletableFuture.failedFuture(error);
    }
    record.run();
    return CompletableFuture.completedFuture(null);
  }
}
