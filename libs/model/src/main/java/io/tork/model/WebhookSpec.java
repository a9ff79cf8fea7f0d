package io.tork.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code webhooks: [{url, headers, event, if}]}: the engine POSTs a JSON summary to {@code url} on
 * each {@code event} ({@code job.StateChange} by default, {@code job.Progress}, {@code
 * task.StateChange}, {@code task.Progress}) for which {@code if} is true. Header values and {@code
 * if} are templates.
 */
public record WebhookSpec(String url, Map<String, String> headers, String event, String condition) {
  public static final String JOB_STATE_CHANGE = "job.StateChange";
  public static final String JOB_PROGRESS = "job.Progress";
  public static final String TASK_STATE_CHANGE = "task.StateChange";
  public static final String TASK_PROGRESS = "task.Progress";
  public static final List<String> EVENTS =
      List.of(JOB_STATE_CHANGE, JOB_PROGRESS, TASK_STATE_CHANGE, TASK_PROGRESS);

  public WebhookSpec(
      @Nullable String url,
      @Nullable Map<String, String> headers,
      @Nullable String event,
      @Nullable String condition) {
    this.url = Strings.orEmpty(url);
    this.headers = Strings.copy(headers);
    this.event = Strings.orEmpty(event);
    this.condition = Strings.orEmpty(condition);
  }

  /** The event this webhook listens to, the default filled in. */
  public String eventOrDefault() {
    return event.isEmpty() ? JOB_STATE_CHANGE : event;
  }
}
