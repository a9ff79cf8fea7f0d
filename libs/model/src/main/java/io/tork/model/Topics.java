package io.tork.model;

/**
 * The names of the engine's topics, under one configurable prefix (default {@code tork.}). Every
 * record a scheduler reads is keyed by job id.
 */
public record Topics(String prefix) {
  public static final Topics DEFAULT = new Topics("tork.");

  /** Job documents as submitted (YAML or JSON; content type in a header). */
  public String jobs() {
    return prefix + "jobs";
  }

  /** Cancel / restart commands, keyed by job id. */
  public String jobCommands() {
    return prefix + "job-commands";
  }

  /** Worker reports: started, completed, failed. */
  public String taskEvents() {
    return prefix + "task-events";
  }

  /** Compacted: the latest state of each job, keyed by job id. */
  public String jobViews() {
    return prefix + "job-views";
  }

  /** Compacted: the latest state of each task record, keyed by task id. */
  public String taskViews() {
    return prefix + "task-views";
  }

  /** Tasks to run on a named queue, keyed by task id: its lowest priority band (priority 0). */
  public String queue(String name) {
    return prefix + "queue." + name;
  }

  /**
   * The topic of a queue's priority band: 0 (the default) in {@link #queue(String)}, 1-4 and 5-9
   * each in a topic of their own ({@code queue-p1.<name>}, {@code queue-p5.<name>}). Workers take
   * from higher bands first.
   */
  public String queue(String name, int priority) {
    int band = priorityBand(priority);
    return band == 0 ? queue(name) : prefix + "queue-p" + band + "." + name;
  }

  /** A queue's band topics, highest band first. */
  public java.util.List<String> queueBands(String name) {
    return java.util.List.of(queue(name, 9), queue(name, 1), queue(name));
  }

  /** 0 for priority 0, 1 for 1-4, 5 for 5-9. */
  public static int priorityBand(int priority) {
    return priority >= 5 ? 5 : priority >= 1 ? 1 : 0;
  }

  /** Commands to one worker node, keyed by node id. */
  public String workerCommands() {
    return prefix + "worker-commands";
  }

  /** Task output lines, shipped in numbered parts while tasks run, keyed by job id. */
  public String logs() {
    return prefix + "logs";
  }

  /** Webhook calls the scheduler decided on, for the dispatcher to deliver; keyed by job id. */
  public String webhooks() {
    return prefix + "webhooks";
  }

  /** Create / pause / resume / delete commands of scheduled jobs, keyed by their id. */
  public String scheduledJobs() {
    return prefix + "scheduled-jobs";
  }

  /** Compacted: the latest state of each scheduled job, keyed by its id. */
  public String scheduledJobViews() {
    return prefix + "scheduled-job-views";
  }

  /**
   * Compacted: the API's users (name, bcrypt hash of the password, roles), keyed by username; a
   * deleted user is a tombstone. Every gateway reads it whole.
   */
  public String users() {
    return prefix + "users";
  }

  public String heartbeats() {
    return prefix + "heartbeats";
  }
}
