package io.tork.worker.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns docker-java's exception messages into the engine's own words, for task errors. */
final class EngineErrors {
  // docker-java formats an engine error as "Status 500: " followed by the raw JSON body.
  private static final Pattern STATUS = Pattern.compile("(?s)Status \\d+: (\\{.*})\\s*");
  private static final ObjectMapper JSON = new ObjectMapper();

  private EngineErrors() {}

  /** The engine's {@code message} in an error answer's body, else the status and body. */
  static String message(int status, String body) {
    try {
      JsonNode message = JSON.readTree(body).path("message");
      if (message.isTextual()) {
        return message.asText().strip();
      }
    } catch (Exception notJson) {
      // said as it came
    }
    return "the engine answered " + status + ": " + body.strip();
  }

  /** The engine's {@code message} when {@code error} carries one, else its message as is. */
  static String message(RuntimeException error) {
    String text = String.valueOf(error.getMessage());
    Matcher body = STATUS.matcher(text);
    if (!body.matches()) {
      return text.strip();
    }
    try {
      JsonNode message = JSON.readTree(body.group(1)).path("message");
      return message.isTextual() ? message.asText().strip() : text.strip();
    } catch (Exception notJson) {
      return text.strip();
    }
  }
}
