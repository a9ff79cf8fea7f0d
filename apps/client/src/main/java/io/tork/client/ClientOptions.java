package io.tork.client;

import picocli.CommandLine.Option;

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
}
