package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Limits;
import io.tork.model.TaskState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The transitions table, and {@code docs/state-machine.md} rendered from it: a stale page fails
 * here. To write it anew: {@code mvn -pl apps/scheduler-stream -am test -Dtest=TransitionsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dstate-machine.write=true}.
 */
class TransitionsTest {
  private static final Path PAGE = Path.of("../../docs/state-machine.md");

  static String page() {
    return """
        # The state machine

        <!-- Rendered from io.tork.scheduler.core.Transitions by TransitionsTest: do not edit. -->

        Every change of state the scheduler decides (`JobMachine.decide`) is one of these; staying \
        in a state (a task's progress, the job's position) is not a change. A terminal task record \
        never changes again: a retry, a recovery or a restart makes a new record. Only a FAILED or \
        CANCELLED job leaves its end state, on a restart (`io.tork.model.CommandRules`).

        ## A job

        ```mermaid
        %s```

        ## A task record

        ```mermaid
        %s```
        """
        .formatted(Transitions.mermaid(Transitions.JOB), Transitions.mermaid(Transitions.TASK));
  }

  @Test
  void theDocumentedDiagramIsTheTable() throws IOException {
    String expected = page();
    if (Boolean.getBoolean("state-machine.write")) {
      Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
    }
    assertThat(PAGE).as("docs/state-machine.md (see this test's Javadoc to update it)").exists();
    assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
        .as("docs/state-machine.md is stale: render it anew (this test's Javadoc says how)")
        .isEqualTo(expected);
  }

  @Test
  void aTerminalTaskRecordNeverChanges() {
    assertThat(Transitions.TASK)
        .allSatisfy(e -> assertThat(e.from() == null || e.from().isActive()).isTrue());
  }

  @Test
  void aJobLeavesItsEndOnlyOnARestart() {
    assertThat(Transitions.JOB)
        .filteredOn(e -> e.from() != null && e.from().isTerminal())
        .allSatisfy(
            e -> {
              assertThat(e.from()).isIn(JobState.FAILED, JobState.CANCELLED);
              assertThat(e.to()).isEqualTo(JobState.RUNNING);
              assertThat(e.cause()).isEqualTo("restart");
            });
  }

  @Test
  void aChangeOutsideTheTableIsCaught() {
    Job done = JobMachineFixtures.job(JobMachineFixtures.task("a")).withState(JobState.COMPLETED);
    Changes ch =
        new Changes(done, JobMachineFixtures.T0, 0, () -> "x", TaskLookup.NONE, Limits.DEFAULTS);
    assertThatThrownBy(() -> ch.job(done.withState(JobState.RUNNING)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("COMPLETED -> RUNNING");
  }

  @Test
  void staysAreAllowedAndTheRestIsNot() {
    assertThat(Transitions.jobMay(JobState.RUNNING, JobState.RUNNING)).isTrue();
    assertThat(Transitions.jobMay(JobState.COMPLETED, JobState.RUNNING)).isFalse();
    assertThat(Transitions.taskMay(TaskState.COMPLETED, TaskState.SCHEDULED)).isFalse();
    assertThat(Transitions.taskMay(null, TaskState.CREATED)).isTrue();
    assertThat(Transitions.taskMay(null, TaskState.CANCELLED)).isFalse();
  }
}
