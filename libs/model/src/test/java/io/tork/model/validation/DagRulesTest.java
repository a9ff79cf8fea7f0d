package io.tork.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tork.model.InvalidJobException;
import io.tork.model.JobSpec;
import io.tork.model.TaskSpec;
import io.tork.model.codec.JobDocuments;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a {@code dag} must be to be accepted: each refusal names the field and the tasks. */
class DagRulesTest {
  private static JobSpec parse(String tasks) {
    String doc = "name: d\ntasks:\n- name: the dag\n  dag:\n    tasks:\n" + tasks.indent(4);
    return JobDocuments.parse(doc.getBytes(StandardCharsets.UTF_8), "text/yaml");
  }

  private static List<String> problems(String tasks) {
    return catchThrowableOfType(InvalidJobException.class, () -> parse(tasks)).problems();
  }

  private static String task(String name, String... deps) {
    return "- name: "
        + name
        + "\n  image: alpine:3.18.3\n  run: echo "
        + name
        + (deps.length == 0 ? "" : "\n  dependencies: [" + String.join(", ", deps) + "]")
        + "\n";
  }

  @Test
  void aDiamondIsAccepted() {
    JobSpec job = parse(task("a") + task("b", "a") + task("c", "a") + task("d", "b", "c"));
    List<TaskSpec> children = job.tasks().getFirst().dag().tasks();
    assertThat(children).extracting(TaskSpec::name).containsExactly("a", "b", "c", "d");
    assertThat(children.get(3).dependencies()).containsExactly("b", "c");
  }

  @Test
  void anUnknownDependencyIsNamed() {
    assertThat(problems(task("a") + task("b", "a", "nope")))
        .containsExactly(
            "tasks[0].dag.tasks[1].dependencies[1]: 'nope' is not the name of a task of this dag");
  }

  @Test
  void aDuplicateNameIsNamedWithBothPlaces() {
    assertThat(problems(task("a") + task("b") + task("a")))
        .containsExactly(
            "tasks[0].dag.tasks[2].name: 'a' is the name of tasks[0].dag.tasks[0] too; the tasks of"
                + " a dag need unique names");
  }

  @Test
  void aMissingNameIsRequired() {
    String unnamed = "- image: alpine:3.18.3\n  run: echo\n";
    assertThat(problems(task("a") + unnamed)).contains("tasks[0].dag.tasks[1].name: is required");
  }

  @Test
  void aCycleIsNamedByItsMembers() {
    assertThat(problems(task("a") + task("b", "a", "d") + task("c", "b") + task("d", "c")))
        .containsExactly("tasks[0].dag.tasks: the dependencies form a cycle: b -> d -> c -> b");
  }

  @Test
  void aTaskDependingOnItselfIsRefused() {
    assertThat(problems(task("a", "a")))
        .containsExactly("tasks[0].dag.tasks[0].dependencies[0]: 'a' is the task itself");
  }

  @Test
  void aLongChainIsWalkedWithoutRecursion() {
    StringBuilder tasks = new StringBuilder(task("t0"));
    for (int i = 1; i < 5000; i++) {
      tasks.append(task("t" + i, "t" + (i - 1)));
    }
    tasks.append(task("last", "t4999"));
    assertThat(parse(tasks.toString()).tasks().getFirst().dag().tasks()).hasSize(5001);
  }

  @Test
  void dependenciesOutsideADagAreRefused() {
    String doc =
        "name: d\ntasks:\n- name: a\n  image: alpine:3.18.3\n  run: echo\n  dependencies: [b]\n";
    assertThat(
            catchThrowableOfType(
                    InvalidJobException.class,
                    () -> JobDocuments.parse(doc.getBytes(StandardCharsets.UTF_8), "text/yaml"))
                .problems())
        .containsExactly("tasks[0].dependencies: only the tasks of a dag have dependencies");
  }

  @Test
  void anEmptyDagAndADagWithAnotherKindAreRefused() {
    String doc =
        "name: d\ntasks:\n- name: x\n  dag: {tasks: []}\n  parallel:\n    tasks:\n"
            + task("a").indent(4);
    assertThat(
            catchThrowableOfType(
                    InvalidJobException.class,
                    () -> JobDocuments.parse(doc.getBytes(StandardCharsets.UTF_8), "text/yaml"))
                .problems())
        .contains(
            "tasks[0]: a task can be only one of parallel, each, subjob, dag, not [parallel, dag]",
            "tasks[0].dag.tasks: must contain at least one task");
  }
}
