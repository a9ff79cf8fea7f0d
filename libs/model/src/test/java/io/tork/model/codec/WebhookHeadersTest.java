package io.tork.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tork.model.InvalidJobException;
import io.tork.model.JobSpec;
import io.tork.model.WebhookHeaders;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Webhook headers that could not be sent as written are a 400 naming the header. */
class WebhookHeadersTest {
  private static JobSpec json(String text) {
    return JobDocuments.parse(text.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private static String job(String headers) {
    return """
        {"name": "j", "tasks": [{"name": "t", "image": "i"}],
         "webhooks": [{"url": "http://example.com/x"}, {"url": "http://example.com/y",
           "headers": %s}]}"""
        .formatted(headers);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\\r\\nX-Evil: 1", "a\\nb", "a\\rb", "\\u0000", "a\\u007fb", "\\u0085"})
  void aControlCharacterInAValueIsRefusedNamingTheHeaderButNotQuotingTheValue(String value) {
    assertThatThrownBy(() -> json(job("{\"X-Token\": \"" + value + "\"}")))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageStartingWith(
            "webhooks[1].headers.X-Token: must not contain a line break or other control"
                + " character (")
        .hasMessageNotContaining("X-Evil");
  }

  @Test
  void theProblemSaysWhichCharacterAndWhere() {
    assertThatThrownBy(() -> json(job("{\"X-Token\": \"Bearer {{ secrets.t }}\\r\\n\"}")))
        .hasMessage(
            "webhooks[1].headers.X-Token: must not contain a line break or other control"
                + " character (CR at index 22)");
  }

  @Test
  void aBadNameIsRefusedAndShownEscaped() {
    assertThatThrownBy(() -> json(job("{\"X\\r\\nInjected\": \"v\"}")))
        .hasMessage(
            "webhooks[1].headers.X\\r\\nInjected: is not a header name: CR at index 1 (letters,"
                + " digits and !#$%&'*+-.^_`|~ only)");
    assertThatThrownBy(() -> json(job("{\"X Token\": \"v\"}")))
        .hasMessageContaining(
            "webhooks[1].headers.X Token: is not a header name: a space at index 1");
    assertThatThrownBy(() -> json(job("{\"\": \"v\"}")))
        .hasMessageContaining("webhooks[1].headers.: is not a header name (1 to 256 characters)");
  }

  @Test
  void theHeadersThatFrameTheRequestAreTheEngines() {
    assertThatThrownBy(
            () -> json(job("{\"Host\": \"internal\", \"transfer-encoding\": \"chunked\"}")))
        .hasMessageContaining("webhooks[1].headers.Host: is set by the engine, not by a job")
        .hasMessageContaining(
            "webhooks[1].headers.transfer-encoding: is set by the engine, not by a job");
  }

  @Test
  void aSubJobsAndAScheduledJobsWebhooksAreCheckedToo() {
    assertThatThrownBy(
            () ->
                json(
                    """
                    {"name": "j", "tasks": [{"name": "s", "subjob": {"name": "c",
                      "tasks": [{"name": "t", "image": "i"}],
                      "webhooks": [{"url": "http://example.com", "headers": {"X": "a\\nb"}}]}}]}"""))
        .hasMessageContaining("tasks[0].subjob.webhooks[0].headers.X: must not contain");
    assertThatThrownBy(
            () ->
                JobDocuments.parseScheduled(
                    """
                    {"schedule": {"cron": "0 0 * * * *"}, "name": "j", "tasks": [{"name": "t", "image": "i"}],
                     "webhooks": [{"url": "http://example.com", "headers": {"X": "a\\nb"}}]}"""
                        .getBytes(StandardCharsets.UTF_8),
                    "application/json"))
        .hasMessageContaining("webhooks[0].headers.X: must not contain");
  }

  @Test
  void ordinaryHeadersAndTemplatesAreAccepted() {
    JobSpec spec =
        json(
            job(
                "{\"Authorization\": \"Bearer {{ secrets.t }}\", \"X-Name\": \"é\\t日本\","
                    + " \"Content-Type\": \"text/plain\", \"X_a.b~c\": \"\"}"));
    assertThat(spec.webhooks().get(1).headers()).hasSize(4);
  }

  @Test
  void aRenderedValueIsJudgedByTheSameRule() {
    assertThat(WebhookHeaders.problem("X-Token", "tok\r\nX-Evil: 1"))
        .contains("must not contain a line break or other control character (CR at index 3)");
    assertThat(WebhookHeaders.problem("X-Token", "tok\u2028ok")).isEmpty();
    assertThat(WebhookHeaders.printable("a\u0001" + "b".repeat(200))).hasSize(108).endsWith("...");
  }
}
