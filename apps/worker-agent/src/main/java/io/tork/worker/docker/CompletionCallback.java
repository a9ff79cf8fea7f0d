package io.tork.worker.docker;

import com.github.dockerjava.api.async.ResultCallback;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A docker-java stream callback whose end can be awaited in slices. docker-java's own {@code
 * ResultCallbackTemplate.awaitCompletion(timeout)} closes the stream when the wait times out, so it
 * cannot be polled while also watching a deadline and a cancel flag; it also logs every stream
 * error at ERROR level, including the one caused by closing the stream on purpose.
 */
abstract class CompletionCallback<T> implements ResultCallback<T> {
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final AtomicReference<@Nullable Closeable> stream = new AtomicReference<>();

  @Override
  public void onStart(Closeable stream) {
    this.stream.set(stream);
    if (done.isDone()) {
      closeStream(); // closed before the response arrived
    }
  }

  @Override
  public void onError(Throwable error) {
    ended(error);
    // After close(), the stream thread reports the closed socket as an error: not news.
    done.completeExceptionally(error);
    closeStream();
  }

  @Override
  public void onComplete() {
    ended(null);
    done.complete(null);
    closeStream();
  }

  @Override
  public void close() {
    done.complete(null);
    closeStream();
  }

  /**
   * Called on the stream's thread when it ends ({@code error} null) or fails, before waiters are
   * released.
   */
  void ended(@Nullable Throwable error) {}

  /**
   * Waits up to {@code timeout} for the stream to end.
   *
   * @return whether it ended
   * @throws RuntimeException the stream's error (a {@code DockerException} from the engine)
   */
  boolean await(Duration timeout) throws InterruptedException {
    try {
      done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  private void closeStream() {
    Closeable current = stream.getAndSet(null);
    if (current != null) {
      try {
        current.close();
      } catch (IOException | RuntimeException e) {
        // The connection is being dropped anyway; nothing else holds it.
      }
    }
  }
}
