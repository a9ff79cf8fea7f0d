package io.tork.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Exit codes and messages that need no server. */
class MainTest {
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine line = Main.commandLine();
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  @Test
  void usageErrorsAreExitCode3() {
    assertThat(run("jobs", "lst")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Unmatched argument");
    assertThat(run("run")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("run", "/no/such/file.yaml")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("no such file: /no/such/file.yaml");
    assertThat(run("jobs", "list", "-o", "xml")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void anUnreachableServerIsExitCode3InOneLine() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    assertThat(run("health", "--server", "http://127.0.0.1:" + port)).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).startsWith("tork: cannot reach http://127.0.0.1:" + port + ": ");
    assertThat(run("jobs", "list", "--server", "not a url")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void documentsAreSentAsJsonOrYaml() {
    byte[] json = "  {\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8);
    byte[] yaml = "name: x".getBytes(StandardCharsets.UTF_8);
    assertThat(RunCommand.contentType("job.json", yaml)).isEqualTo("application/json");
    assertThat(RunCommand.contentType("-", json)).isEqualTo("application/json");
    assertThat(RunCommand.contentType("job.yaml", yaml)).isEqualTo("text/yaml");
  }

  @Test
  void exitCodesOfTheFinalState() {
    assertThat(ExitCodes.of("COMPLETED")).isZero();
    assertThat(ExitCodes.of("FAILED")).isEqualTo(1);
    assertThat(ExitCodes.of("CANCELLED")).isEqualTo(2);
  }
}
