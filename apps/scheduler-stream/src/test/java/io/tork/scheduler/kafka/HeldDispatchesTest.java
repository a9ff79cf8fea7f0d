package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Task;
import io.tork.model.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task for a queue whose topics are still being made waits in the scheduler's store, not on the
 * stream thread, and goes to its queue once they exist; tasks for other queues go at once.
 */
class HeldDispatchesTest {
  private static final String JOB_ID = "0123456789abcdef0123456789abcdef";
  private static final String OTHER_ID = "fedcba9876543210fedcba9876543210";

  @TempDir Path stateDir;

  /** The queues whose topics exist; the others are being made. */
  private final Set<String> made = ConcurrentHashMap.newKeySet();

  private final List<String> asked = new ArrayList<>();
  private SchedulerDriver scheduler;

  @BeforeEach
  void start() {
    made.add("default");
    scheduler =
        SchedulerDriver.start(
            stateDir,
            o ->
                o.queueTopics =
                    name -> {
                      asked.add(name);
                      return made.contains(name);
                    });
  }

  @AfterEach
  void stop() {
    scheduler.close();
  }

  private static String oneTask(String queue) {
    return "name: j\ntasks: [{name: t, image: i, run: r, queue: " + queue + "}]\n";
  }

  @Test
  void aTaskForANewQueueWaitsForItsTopicsThenGoes() {
    var fresh = scheduler.queue("fresh");
    scheduler.submit(JOB_ID, oneTask("fresh"), "text/yaml");
    assertThat(asked).as("asking starts the making").contains("fresh");
    assertThat(fresh.isEmpty()).isTrue();
    Task scheduled = scheduler.taskViews.readValuesToList().getLast();
    assertThat(scheduled.state()).isEqualTo(TaskState.SCHEDULED);

    scheduler.driver.advanceWallClockTime(Duration.ofMillis(200));
    assertThat(fresh.isEmpty()).as("still being made").isTrue();

    made.add("fresh");
    scheduler.driver.advanceWallClockTime(Duration.ofMillis(200));
    assertThat(fresh.readValuesToList()).extracting(Task::id).containsExactly(scheduled.id());

    scheduler.driver.advanceWallClockTime(Duration.ofMillis(200));
    assertThat(fresh.isEmpty()).as("sent once").isTrue();
  }

  @Test
  void tasksForQueuesThatExistDoNotWaitForOnesThatDoNot() {
    var fresh = scheduler.queue("fresh");
    var defaults = scheduler.queue("default");
    scheduler.submit(JOB_ID, oneTask("fresh"), "text/yaml");
    scheduler.submit(OTHER_ID, oneTask("default"), "text/yaml");
    assertThat(defaults.readValuesToList()).extracting(Task::jobId).containsExactly(OTHER_ID);
    assertThat(fresh.isEmpty()).isTrue();
  }
}
