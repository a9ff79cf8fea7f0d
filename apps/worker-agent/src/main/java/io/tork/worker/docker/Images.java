package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import io.tork.worker.core.Deadline;
import io.tork.worker.core.Execution;
import io.tork.worker.core.StepResult;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure an image is present, pulling it only when the engine does not have it. Images seen
 * present are remembered, so a task costs the engine no inspect call; when one disappears after all
 * (someone removed it), the container's creation fails and the caller {@link #forget}s it.
 */
final class Images {
  private static final Logger log = LoggerFactory.getLogger(Images.class);
  private static final Duration POLL = Duration.ofMillis(250);

  private final DockerClient docker;
  private final Set<String> present = ConcurrentHashMap.newKeySet();

  Images(DockerClient docker) {
    this.docker = docker;
  }

  /** Empty when {@code image} is ready; else why the container cannot run. */
  Optional<StepResult> ensure(String image, Deadline deadline, Execution execution)
      throws InterruptedException {
    if (present.contains(image)) {
      return Optional.empty();
    }
    try {
      Optional<StepResult> notReady =
          present(image) ? Optional.empty() : pull(image, deadline, execution);
      if (notReady.isEmpty()) {
        present.add(image);
      }
      return notReady;
    } catch (DockerException | DockerClientException e) {
      return Optional.of(cannotPull(image, EngineErrors.message(e)));
    }
  }

  private Optional<StepResult> pull(String image, Deadline deadline, Execution execution)
      throws InterruptedException {
    log.atInfo()
        .addKeyValue("image", execution.redaction().text(image)) // a template: may carry secrets
        .log("pulling image");
    // Several tasks may pull the same image at once; the engine joins such pulls itself.
    try (Pull pull = docker.pullImageCmd(withDefaultTag(image)).exec(new Pull())) {
      while (!pull.await(deadline.remaining(POLL))) {
        if (execution.isCancelled()) {
          return Optional.of(new StepResult.Cancelled());
        }
        if (deadline.expired()) {
          return Optional.of(new StepResult.TimedOut());
        }
      }
      if (!pull.error.isEmpty()) {
        return Optional.of(cannotPull(image, pull.error));
      }
      if (!present(image)) {
        return Optional.of(cannotPull(image, "the pull ended without it"));
      }
      return Optional.empty();
    }
  }

  /** The engine said it has no such image after all: check again next time. */
  void forget(String image) {
    present.remove(image);
  }

  private boolean present(String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static StepResult cannotPull(String image, String why) {
    return new StepResult.Failed(
        "image '" + image + "' is not present and cannot be pulled: " + why);
  }

  /** Without a tag, the engine would pull every tag of the repository; the CLI adds latest. */
  static String withDefaultTag(String image) {
    String lastPart = image.substring(image.lastIndexOf('/') + 1);
    return lastPart.contains(":") || lastPart.contains("@") ? image : image + ":latest";
  }

  /**
   * Records the error a pull reports inside its progress stream, after the HTTP 200. (docker-java's
   * PullImageResultCallback trips on items that carry an error but no status.)
   */
  private static final class Pull extends CompletionCallback<PullResponseItem> {
    private volatile String error = "";

    @Override
    public void onNext(PullResponseItem item) {
      if (item.isErrorIndicated()) {
        ResponseItem.ErrorDetail detail = item.getErrorDetail();
        error = detail != null && detail.getMessage() != null ? detail.getMessage() : "pull failed";
      }
    }
  }
}
