package io.tork.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

/** {@code tork health}: one line, and exit code 0 only when the API answers UP (Tork's). */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = "Check the API: exit code 0 when it answers UP, 1 when DOWN, 3 unreachable.")
final class HealthCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Override
  public Integer call() {
    TorkClient client = options.client();
    TorkClient.Answer answer = client.raw("/health");
    String status = "";
    try {
      JsonNode body = TorkClient.JSON.readTree(answer.body());
      status = Formats.text(body, "status");
    } catch (RuntimeException e) {
      // not JSON: no status
    }
    boolean up = answer.status() == 200 && status.equals("UP");
    if (options.json()) {
      System.out.println(answer.body().strip());
    } else {
      System.out.println(
          client.server()
              + ": "
              + (status.isEmpty() ? "HTTP " + answer.status() : status)
              + (up ? "" : " (HTTP " + answer.status() + ")"));
    }
    return up ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
