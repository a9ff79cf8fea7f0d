package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One HTTP/1.1 keep-alive connection, as a script's HTTP client holds it: every request on it gets
 * its answer, whatever order the engine finishes them in. Raw sockets, so that it is provably one
 * connection and the requests go out exactly as written.
 */
class KeepAliveIT {
  @RegisterExtension
  static final StandaloneEngine engine = StandaloneEngine.shell().queues(Map.of("default", 2));

  /**
   * Two requests in one write, the first answered later (a miss waits for the view to catch up) and
   * the second at once, then a third: reactor-netty 1.3.6 stopped reading the connection after the
   * second and never answered the third.
   */
  @Test
  void aRequestAfterPipelinedOnesIsAnswered() throws IOException {
    try (Connection connection = new Connection(engine.port())) {
      connection.send(get("/jobs/00000000000000000000000000000000") + get("/health"));
      assertThat(connection.readResponse().status()).isEqualTo(404);
      assertThat(connection.readResponse().status()).isEqualTo(200);
      connection.send(get("/health"));
      assertThat(connection.readResponse().status()).isEqualTo(200);
    }
  }

  /** Submit then poll until it ends, a few jobs in a row, never waiting between requests. */
  @Test
  void submitAndPollOnOneConnection() throws IOException {
    String job = "name: ka\ntasks:\n- name: a\n  image: ignored:latest\n  run: \"true\"\n";
    List<String> states = new ArrayList<>();
    try (Connection connection = new Connection(engine.port())) {
      for (int i = 0; i < 20; i++) {
        connection.send(
            "POST /jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/yaml\r\n"
                + "Content-Length: "
                + job.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n"
                + job);
        Response posted = connection.readResponse();
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        String id = posted.body().replaceAll(".*\"id\":\"([0-9a-f]{32})\".*", "$1");
        String state = "";
        for (int polls = 0; polls < 10_000 && !state.equals("COMPLETED"); polls++) {
          connection.send(get("/jobs/" + id));
          Response polled = connection.readResponse();
          assertThat(polled.status()).as(polled.body()).isEqualTo(200);
          state = polled.body().replaceAll(".*?\"state\":\"([A-Z]+)\".*", "$1");
          assertThat(state).isIn("PENDING", "SCHEDULED", "RUNNING", "COMPLETED");
        }
        states.add(state);
      }
    }
    assertThat(states).hasSize(20).containsOnly("COMPLETED");
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
  }

  record Response(int status, String body) {}

  /** A minimal HTTP/1.1 client: Content-Length bodies only, which is all the API sends. */
  private static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Connection(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }

    void send(String requests) throws IOException {
      out.write(requests.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    Response readResponse() throws IOException {
      String statusLine = line();
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      int length = 0;
      for (String header = line(); !header.isEmpty(); header = line()) {
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(lower.substring("content-length:".length()).trim());
        }
      }
      return new Response(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed by the engine");
        }
        if (b != '\r') {
          bytes.write(b);
        }
      }
      return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
