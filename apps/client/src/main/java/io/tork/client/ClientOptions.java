package io.tork.client;

import java.util.function.Function;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** What every client command takes: where the API is, its key, and the output format. */
final class ClientOptions {
  enum Output {
    table,
    json
  }

  @Option(
      names = "--server",
      paramLabel = "URL",
      defaultValue = "${env:TORK_SERVER:-http://localhost:3000}",
      description = "The REST API (env TORK_SERVER; default: http://localhost:3000).")
  String server;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      defaultValue = "${env:TORK_API_KEY:-}",
      description = "Sent as 'Authorization: Bearer KEY' (env TORK_API_KEY).")
  String apiKey;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table (for people) or json (for scripts: the API's JSON on stdout).")
  Output output;

  TorkClient client() {
    return new TorkClient(server, apiKey == null ? "" : apiKey.strip());
  }

  boolean json() {
    return output == Output.json;
  }

  /**
   * Prints an answer of the API: as it is for {@code --output json}, else as {@code text} has it.
   */
  int print(JsonNode answer, Function<JsonNode, String> text) {
    if (json()) {
      System.out.println(answer.toString());
    } else {
      System.out.print(text.apply(answer));
    }
    return ExitCodes.OK;
  }
}
