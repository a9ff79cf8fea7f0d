package io.tork.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine-API floor for a task's container: the lifecycle the worker needs (create, start, wait,
 * logs, remove), driven straight over the Docker engine's socket, one HTTP/1.1 request a
 * connection, with no client library and no engine of ours in between. What the worker cannot go
 * below, whatever it does; {@code docker run --rm} is the other floor (the CLI's own start-up
 * included).
 */
final class DockerApiFloor {
  private static final Path SOCKET = Path.of("/var/run/docker.sock");
  private static final Pattern ID = Pattern.compile("\"Id\"\\s*:\\s*\"([0-9a-f]{12,64})\"");
  private static final Pattern STATUS = Pattern.compile("\"StatusCode\"\\s*:\\s*(\\d+)");

  private final String image;

  DockerApiFloor(String image) {
    this.image = image;
  }

  /** Seconds for {@code count} containers, one after the other. */
  double sequential(int count, String... cmd) throws Exception {
    long begin = System.nanoTime();
    for (int i = 0; i < count; i++) {
      run(cmd);
    }
    return (System.nanoTime() - begin) / 1e9;
  }

  /** Seconds for {@code count} containers, {@code concurrency} at a time. */
  double concurrent(int count, int concurrency, String... cmd) throws Exception {
    long begin = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
      List<Future<String>> runs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        runs.add(pool.submit(() -> run(cmd)));
      }
      for (Future<String> run : runs) {
        run.get();
      }
    }
    return (System.nanoTime() - begin) / 1e9;
  }

  /** One container's whole life; returns its output. */
  String run(String... cmd) throws IOException {
    StringBuilder args = new StringBuilder();
    for (String word : cmd) {
      args.append(args.isEmpty() ? "" : ",").append('"').append(word).append('"');
    }
    String body =
        "{\"Image\":\""
            + image
            + "\",\"Cmd\":["
            + args
            + "],\"HostConfig\":{\"NetworkMode\":\"none\"}}";
    Answer created = request("POST", "/containers/create", body);
    Matcher id = ID.matcher(created.body());
    if (created.status() != 201 || !id.find()) {
      throw new IllegalStateException("create: " + created);
    }
    String container = id.group(1);
    try {
      expect(request("POST", "/containers/" + container + "/start", null), 204);
      Answer waited = request("POST", "/containers/" + container + "/wait", null);
      Matcher status = STATUS.matcher(waited.body());
      if (waited.status() != 200 || !status.find() || !status.group(1).equals("0")) {
        throw new IllegalStateException("wait: " + waited);
      }
      Answer logs = request("GET", "/containers/" + container + "/logs?stdout=1&stderr=1", null);
      expect(logs, 200);
      return logs.body();
    } finally {
      expect(request("DELETE", "/containers/" + container + "?force=1", null), 204);
    }
  }

  private static void expect(Answer answer, int status) {
    if (answer.status() != status) {
      throw new IllegalStateException("expected " + status + ": " + answer);
    }
  }

  private record Answer(int status, String body) {}

  /** One request on a connection of its own ({@code Connection: close}: the answer ends at EOF). */
  private static Answer request(String method, String path, String json) throws IOException {
    byte[] payload = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    String head =
        method
            + " /v1.41"
            + path
            + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n"
            + (json == null ? "" : "Content-Type: application/json\r\n")
            + "Content-Length: "
            + payload.length
            + "\r\n\r\n";
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(SOCKET));
      ByteBuffer out =
          ByteBuffer.allocate(head.length() + payload.length)
              .put(head.getBytes(StandardCharsets.US_ASCII))
              .put(payload)
              .flip();
      while (out.hasRemaining()) {
        channel.write(out);
      }
      ByteArrayOutputStream in = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (channel.read(buffer) >= 0) {
        in.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      String answer = in.toString(StandardCharsets.ISO_8859_1);
      int status = Integer.parseInt(answer.substring(9, 12));
      int bodyAt = answer.indexOf("\r\n\r\n");
      return new Answer(status, bodyAt < 0 ? "" : answer.substring(bodyAt + 4));
    }
  }
}
