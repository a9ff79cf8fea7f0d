package io.tork.model.codec;

import static io.tork.model.codec.DocumentFixtures.json;
import static io.tork.model.codec.DocumentFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tork.model.InvalidJobException;
import io.tork.model.JobSpec;
import io.tork.model.TaskSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobDocumentsTest {
  @Test
  void readsTheSeedsHelloJob() throws IOException {
    JobSpec job = yaml(Files.readString(Path.of("../../examples/hello.yaml")));
    assertThat(job.name()).isEqualTo("hello job");
    assertThat(job.tasks()).extracting(TaskSpec::name).containsExactly("say hello", "say goodbye");
    assertThat(job.tasks().get(0).run()).isEqualTo("echo -n hello world\n");
  }

  @Test
  void readsTheSeedsJsonExample() {
    JobSpec job =
        json(
            """
            {"name":"sample job","tasks":[{
              "name": "sample task",
              "image": "ubuntu:mantic",
              "run": "echo hello world"
            }]}\
            """);
    assertThat(job.tasks()).singleElement().extracting(TaskSpec::image).isEqualTo("ubuntu:mantic");
  }

  @Test
  void readsEveryTaskFieldOfTheSeed() {
    JobSpec job =
        yaml(
            """
            name: all fields
            inputs:
              run: "true"
            tasks:
            - name: t
              description: d
              image: alpine:3.18.3
              run: echo
              env: {A: b}
              queue: transcoding
              if: "{{ inputs.run == 'true' }}"
              var: task1
              retry: {limit: 2}
              timeout: 5s
              limits: {cpus: .5, memory: 10m}
              volumes: [/tmp]
              pre:
              - name: p
                image: alpine:3.18.3
                run: echo pre
              post:
              - name: q
                image: alpine:3.18.3
                run: echo post
            """);
    TaskSpec task = job.tasks().get(0);
    assertThat(task.condition()).isEqualTo("{{ inputs.run == 'true' }}");
    assertThat(task.var()).isEqualTo("task1");
    assertThat(task.retry().limit()).isEqualTo(2);
    assertThat(task.limits().cpus()).isEqualTo(".5");
    assertThat(task.limits().memory()).isEqualTo("10m");
    assertThat(task.pre()).singleElement().extracting(p -> p.run()).isEqualTo("echo pre");
    assertThat(job.inputs()).containsEntry("run", "true");
  }

  @Test
  void acceptsParametersOnTheContentType() {
    JobSpec job =
        JobDocuments.parse(
            "{\"name\":\"j\",\"tasks\":[{\"name\":\"t\",\"image\":\"i\"}]}".getBytes(),
            "application/json; charset=utf-8");
    assertThat(job.name()).isEqualTo("j");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "name: j                                       | tasks: must contain at least one task",
        "'name: j\ntasks: []'                           | tasks: must contain at least one task",
        "'name: j\ntasks:\n- name: t'                   | tasks[0].image: is required",
        "'name: j\ntasks:\n- name: t\n  image: i\n  foo: 1' | tasks[0].foo: unknown field",
        "'name: j\ntasks:\n- name: t\n  image: i\n  retry: {limit: x}' | tasks[0].retry.limit: ",
        "'name: j\n"
            + "tasks:\n"
            + "- name: t\n"
            + "  image: i\n"
            + "  timeout: 1234' | tasks[0].timeout: '1234' is not a duration",
        "'name: j\n"
            + "tasks:\n"
            + "- name: t\n"
            + "  image: i\n"
            + "  retry: {limit: 50}' | tasks[0].retry.limit: must be between 1 and 10",
        "'name: j\n"
            + "tasks:\n"
            + "- name: t\n"
            + "  image: i\n"
            + "  queue: x-abc' | tasks[0].queue: 'x-abc' is reserved",
        "'name: j\n"
            + "tasks:\n"
            + "- name: t\n"
            + "  image: i\n"
            + "  limits: {memory: lots}' | tasks[0].limits.memory: 'lots' is not a size",
        "'{name: j'                                    | body: malformed YAML at line",
        "'name: [j]\ntasks: []'                        | name: wrong type, expected a string",
        "'tasks:\n- name: t\n  image: i'                | name: is required",
        "'name: j\n"
            + "tasks:\n"
            + "- name: t\n"
            + "  image: i\n"
            + "  env: {A: \"{{ 1 + }}\"}' | tasks[0].env.A: invalid expression '1 +'",
        "'name: j\n"
            + "tasks:\n"
            + "- name: t\n"
            + "  image: i\n"
            + "  if: \"{{ (1 }}\"' | tasks[0].if: invalid expression",
        "'name: j\n"
            + "tasks:\n"
            + "- name: t\n"
            + "  image: i\n"
            + "  mounts: [{type: tmpfs, target: /t, readonly: true}]' |"
            + " tasks[0].mounts[0].readonly: only a bind mount can be read-only",
        "'name: j\n"
            + "tasks:\n"
            + "- name: t\n"
            + "  image: i\n"
            + "  mounts: [{type: tmpfs, target: /t, opts: {exec: x}}]' |"
            + " tasks[0].mounts[0].opts.exec: a tmpfs takes only size and mode",
        "'name: j\n"
            + "tasks:\n"
            + "- name: t\n"
            + "  image: i\n"
            + "  mounts: [{type: tmpfs, target: /t, opts: {size: 1m;exec}}]' |"
            + " tasks[0].mounts[0].opts.size: '1m;exec' is not a size",
        "'name: j\n"
            + "tasks:\n"
            + "- name: t\n"
            + "  image: i\n"
            + "  mounts: [{type: tmpfs, target: /t, opts: {mode: rwx}}]' |"
            + " tasks[0].mounts[0].opts.mode: 'rwx' is not an octal mode",
        "'name: j\n"
            + "tasks:\n"
            + "- name: t\n"
            + "  image: i\n"
            + "  networks: [\"a b\"]' | tasks[0].networks[0]: 'a b' is not a network name",
        "'name: j\n"
            + "tasks:\n"
            + "- name: t\n"
            + "  image: i\n"
            + "  networks: [\"ns:x\"]' | tasks[0].networks[0]: 'ns:x' is not a network name",
      })
  void rejectsBadYamlNamingTheFieldAndTheProblem(String document, String message) {
    assertThatThrownBy(() -> yaml(document))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining(message.strip());
  }

  @Test
  void aBindMountCanBeReadOnly() {
    JobSpec job =
        yaml(
            """
            name: j
            tasks:
            - name: t
              image: i
              mounts:
              - {type: bind, source: /srv/in, target: /in, readonly: true}
              - {type: tmpfs, target: /scratch, opts: {size: 8m, mode: "1777"}}
              networks: [none, my-net, "container:abc"]
            """);
    assertThat(job.tasks().getFirst().mounts().get(0).readonly()).isTrue();
    assertThat(job.tasks().getFirst().mounts().get(1).readonly()).isFalse();
  }

  @Test
  void rejectsAJsonArray() {
    assertThatThrownBy(() -> json("[{\"name\":\"j\"}]"))
        .isInstanceOf(InvalidJobException.class)
        .hasMessage("body: wrong type, expected a job (a map with name and tasks)");
  }

  @Test
  void rejectsAnEmptyBody() {
    assertThatThrownBy(() -> json("  "))
        .isInstanceOf(InvalidJobException.class)
        .hasMessage("body: is empty, expected a job document");
  }

  @Test
  void rejectsAnUnknownContentType() {
    assertThatThrownBy(() -> JobDocuments.parse("name: j".getBytes(), "text/plain"))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("Content-Type: 'text/plain' is not supported");
  }

  @Test
  void rejectsMalformedJson() {
    assertThatThrownBy(() -> json("{\"name\": "))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageStartingWith("body: malformed JSON");
  }

  @Test
  void malformedYamlSaysWhereAndWhatWasExpected() {
    assertThatThrownBy(() -> yaml("name: x\ntasks:\n  - name: a\n   image: i\n"))
        .isInstanceOf(InvalidJobException.class)
        .hasMessage(
            "body: malformed YAML at line 4, column 4: expected <block end>, but found"
                + " '<block mapping start>' (while parsing a block collection)");
    assertThatThrownBy(() -> yaml("name: x\n\ttasks: []\n"))
        .hasMessageStartingWith("body: malformed YAML at line 2, column 1:")
        .hasMessageContaining("TAB");
    assertThatThrownBy(() -> yaml("name: x\nname: y\ntasks: []\n"))
        .hasMessage("body: malformed YAML at line 2, column 5: key \"name\" appears twice");
  }

  @Test
  void aYamlDocumentOnOneLineGetsTheCurlHint() {
    assertThatThrownBy(() -> yaml("name: hello job tasks:   - name: say hello     image: i"))
        .hasMessageContaining("curl -d drops line breaks")
        .hasMessageContaining("--data-binary");
    assertThatThrownBy(
            () ->
                JobDocuments.parse(
                    "name=x".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded"))
        .hasMessageContaining("-H 'Content-Type: text/yaml' --data-binary");
  }

  @Test
  void anUnknownFunctionIsRefusedAtSubmission() {
    assertThatThrownBy(
            () ->
                yaml(
                    """
                    name: x
                    tasks:
                    - name: a
                      image: i
                      env:
                        A: "{{ nope(1) }}"
                    """))
        .hasMessageStartingWith("tasks[0].env.A: invalid expression 'nope(1)': unknown function")
        .hasMessageContaining("the functions are: contains");
  }

  @Test
  void anExplicitPriorityZeroIsKeptAndAnOmittedOneIsUnset() {
    JobSpec job =
        yaml(
            """
            name: x
            defaults:
              priority: 5
            tasks:
            - {name: a, image: i, run: x, priority: 0}
            - {name: b, image: i, run: x}
            """);
    assertThat(job.tasks().get(0).priority()).isZero();
    assertThat(job.tasks().get(1).priority()).isNull();
    assertThat(job.defaults().applyTo(job.tasks().get(0)).effectivePriority()).isZero();
    assertThat(job.defaults().applyTo(job.tasks().get(1)).effectivePriority()).isEqualTo(5);
  }
}
