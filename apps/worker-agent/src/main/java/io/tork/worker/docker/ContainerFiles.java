package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads one file out of a container through the engine's archive API, no further than the reader
 * needs: a task can make its output or progress file as large as its disk (a 10 GB sparse file
 * costs it nothing), and the engine sends all of it. docker-java's own stream reads the rest of the
 * answer to its end when closed; the HTTP client's answer, closed, drops its connection instead. (A
 * client other than docker-java's own has only the former.)
 */
final class ContainerFiles {
  private final DockerClient docker;
  private final @Nullable DockerHttpClient http;

  ContainerFiles(DockerClient docker) {
    this.docker = docker;
    this.http = docker instanceof DockerClientImpl client ? client.getHttpClient() : null;
  }

  /**
   * What {@code reader} makes of the file at {@code path} in the container; empty when the archive
   * holds no regular file there (a link, a directory).
   *
   * @throws IOException when the engine cannot send it (the message says why)
   */
  <T> Optional<T> read(String containerId, String path, TarArchives.FileReader<T> reader)
      throws IOException {
    if (http == null) {
      try (InputStream tar = docker.copyArchiveFromContainerCmd(containerId, path).exec()) {
        return TarArchives.firstFile(tar, reader);
      } catch (RuntimeException e) {
        throw new IOException(EngineErrors.message(e), e);
      }
    }
    DockerHttpClient.Request request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET)
            .path(
                "/containers/"
                    + containerId
                    + "/archive?path="
                    + URLEncoder.encode(path, StandardCharsets.UTF_8))
            .putHeader("accept", "application/x-tar")
            .build();
    try (DockerHttpClient.Response answer = http.execute(request)) {
      if (answer.getStatusCode() != 200) {
        String body = new String(answer.getBody().readNBytes(4096), StandardCharsets.UTF_8);
        throw new IOException(EngineErrors.message(answer.getStatusCode(), body));
      }
      return TarArchives.firstFile(answer.getBody(), reader);
    } catch (RuntimeException e) {
      throw new IOException(EngineErrors.message(e), e);
    }
  }
}
