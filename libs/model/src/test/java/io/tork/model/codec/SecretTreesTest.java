package io.tork.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tork.model.AuxTaskSpec;
import io.tork.model.EachSpec;
import io.tork.model.InvalidJobException;
import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.MountSpec;
import io.tork.model.ParallelSpec;
import io.tork.model.SubJobSpec;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.TaskSpec;
import io.tork.model.WebhookCall;
import io.tork.model.WebhookSpec;
import io.tork.model.codec.mapping.Mappers;
import io.tork.model.secrets.KeyRing;
import io.tork.model.secrets.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** One rule over any tree: secrets in every kind of field, sealed at rest, redacted when shown. */
class SecretTreesTest {
  private static final String S = "s3cr3t-TOKEN-4711";
  private static final String P = "hunter2-pw";
  private static final Instant AT = Instant.parse("2024-01-02T03:04:05Z");

  @AfterEach
  void plainAgain() {
    Sealing.uninstall();
  }

  /** A task definition with the secret in every field a template may render, and more. */
  private static TaskSpec everywhere(String s) {
    return TaskSpec.builder()
        .name("n-" + s)
        .description("about " + s)
        .tags(List.of("t-" + s))
        .image("img:" + s)
        .run("echo " + s)
        .cmd(List.of("sh", "-c", s))
        .entrypoint(List.of(s))
        .env(Map.of("KEY", "k=" + s, "DB_PASSWORD", P))
        .files(Map.of("f.txt", s))
        .workdir("/w/" + s)
        .queue("q-" + s)
        .pre(List.of(new AuxTaskSpec("pre " + s, null, "i:" + s, s, Map.of("A", s), null)))
        .post(List.of(new AuxTaskSpec("post", null, "i", "true", Map.of("B", "x" + s), null)))
        .volumes(List.of("/v/" + s))
        .mounts(List.of(new MountSpec("bind", "/src/" + s, "/dst", Map.of("o", s), false)))
        .networks(List.of("net-" + s))
        .timeout("1m")
        .var("v" + s)
        .condition(s + " == x")
        .build();
  }

  private static Job job() {
    TaskSpec composite =
        TaskSpec.builder()
            .name("composite")
            .parallel(new ParallelSpec(List.of(everywhere(S))))
            .build();
    TaskSpec each =
        TaskSpec.builder()
            .name("each")
            .each(new EachSpec("{{ fromJSON('[\"" + S + "\"]') }}", "item", 1, everywhere(S)))
            .build();
    TaskSpec subjob =
        TaskSpec.builder()
            .name("sub")
            .subjob(
                new SubJobSpec(
                    "sub " + S,
                    null,
                    List.of(S),
                    List.of(everywhere(S)),
                    Map.of("in", S),
                    Map.of("inner", S),
                    "{{ tasks.x }}",
                    List.of(
                        new WebhookSpec("http://h/" + S, Map.of("Authorization", S), null, null)),
                    false,
                    null))
            .build();
    JobSpec spec =
        new JobSpec(
            "job " + S,
            "desc " + S,
            List.of("tag-" + S),
            Map.of("API_SECRET", "a-" + S, "plain", "uses " + S),
            Map.of("tok", S),
            List.of(everywhere("{{ secrets.tok }}"), composite, each, subjob),
            "out {{ tasks.v }}",
            null,
            List.of(new WebhookSpec("https://hooks/" + S, Map.of("X-Token", S), null, S)),
            null,
            null);
    return Job.pending("j1", spec, AT).toBuilder().error("failed: " + S).result(S).build();
  }

  private static Task record(String jobSecret) {
    return Task.scheduled("t1", "j1", 1, 1, 1, everywhere(jobSecret), "q-" + jobSecret, AT)
        .toBuilder()
        .scope(Map.of("item", Map.of("index", "0", "value", jobSecret)))
        .secrets(List.of(jobSecret))
        .build()
        .failed("exit 1: " + jobSecret + " " + P, AT);
  }

  @Test
  void everyStringOfEveryAnswerIsRedactedWhateverTheField() {
    Job job = job();
    Task task = record(S);
    Redaction redaction = Redaction.of(job, List.of(task));
    String whole =
        new String(
            ApiJson.job(job, List.of(task), 1, Map.of("v", "printed " + S), redaction),
            StandardCharsets.UTF_8);
    assertThat(whole).doesNotContain(S).doesNotContain(P).contains("n-[REDACTED]");
    JsonNode tree = Mappers.API.readTree(whole);
    assertThat(tree.path("secrets").path("tok").asString()).isEqualTo("[REDACTED]");
    assertThat(tree.path("context").path("secrets").path("tok").asString()).isEqualTo("[REDACTED]");
    assertThat(tree.path("inputs").path("API_SECRET").asString()).isEqualTo("[REDACTED]");
    assertThat(tree.path("inputs").path("plain").asString()).isEqualTo("uses [REDACTED]");
    JsonNode shown = tree.path("execution").get(0);
    assertThat(shown.path("image").asString()).isEqualTo("img:[REDACTED]");
    assertThat(shown.path("queue").asString()).isEqualTo("q-[REDACTED]");
    assertThat(shown.path("if").asString()).isEqualTo("[REDACTED] == x");
    assertThat(shown.path("mounts").get(0).path("source").asString()).isEqualTo("/src/[REDACTED]");
    assertThat(shown.path("env").path("DB_PASSWORD").asString()).isEqualTo("[REDACTED]");
    assertThat(shown.path("error").asString()).isEqualTo("exit 1: [REDACTED] [REDACTED]");
    assertThat(shown.has("secrets")).as("the record's secrets are never shown").isFalse();
    assertThat(tree.path("webhooks").get(0).path("url").asString())
        .isEqualTo("https://hooks/[REDACTED]");

    // Each shape an answer takes: a summary, a page, a task alone, a log part, any map.
    for (byte[] answer :
        List.of(
            ApiJson.jobSummary(job, redaction),
            ApiJson.jobPage(List.of(job), j -> redaction, 1, 1, 1),
            ApiJson.task(task, Redaction.none()),
            ApiJson.logPart(new TaskLogPart("j1", "t1", 1, "echo " + S + "\n", AT), redaction),
            ApiJson.write(
                Map.of("nested", Map.of("password", P, "text", "said " + S)), redaction))) {
      assertThat(new String(answer, StandardCharsets.UTF_8))
          .doesNotContain(S)
          .doesNotContain(P)
          .contains("[REDACTED]");
    }
  }

  @Test
  void aRecordKnowsItsOwnSecretsWithoutBeingTold() {
    // no redaction given: the record's own secret-named values are found in its tree
    Task task = record(S);
    assertThat(new String(ApiJson.task(task, Redaction.none()), StandardCharsets.UTF_8))
        .doesNotContain(S)
        .contains("n-[REDACTED]");
    assertThat(Redaction.of(task).values()).contains(S, P);
    Task shown = Redaction.of(task).task(task);
    assertThat(shown.name()).isEqualTo("n-[REDACTED]");
    assertThat(shown.spec().mounts().get(0).opts()).containsEntry("o", "[REDACTED]");
  }

  @Test
  void anAnswerWithNoSecretIsWrittenAsItIs() {
    Task plain = Task.scheduled("t1", "j1", 1, 1, 1, TaskSpec.of("t", "i", "true"), "q", AT);
    assertThat(ApiJson.task(plain, Redaction.none()))
        .isEqualTo(Mappers.API.writeValueAsBytes(plain));
  }

  @Test
  void recordsAreWrittenWithTheirSecretsSealedAndReadBackWhole() {
    Sealing.install(KeyRing.generate(new SecureRandom()));
    Job job = job().toBuilder().parentSecrets(List.of("from-the-parent")).build();
    Task task = record(S);
    for (Object value : List.of(job, task)) {
      byte[] sealed = Json.write(value);
      String text = new String(sealed, StandardCharsets.UTF_8);
      assertThat(text).doesNotContain(S).doesNotContain(P).doesNotContain("from-the-parent");
      assertThat(text).contains(SecretCipher.PREFIX);
      assertThat(Json.read(sealed, value.getClass())).isEqualTo(value);
    }
    // a record without secrets is plain JSON, as before
    Task plain = Task.scheduled("t2", "j1", 1, 1, 1, TaskSpec.of("t", "i", "true"), "q", AT);
    assertThat(Json.write(plain)).isEqualTo(Mappers.JSON.writeValueAsBytes(plain));
    // a record that carries its job's secrets without naming them is told them
    WebhookCall call =
        new WebhookCall(
            "j1", "http://h/" + S, Map.of("Authorization", "Bearer " + S), "e", "{}", AT);
    byte[] sealedCall = Json.write(call, List.of(S));
    assertThat(new String(sealedCall, StandardCharsets.UTF_8)).doesNotContain(S);
    assertThat(Json.read(sealedCall, WebhookCall.class)).isEqualTo(call);
  }

  @Test
  void aSealedRecordCannotBeReadWithoutItsKey() {
    Sealing.install(KeyRing.generate(new SecureRandom()));
    byte[] sealed = Json.write(record(S));
    Sealing.uninstall();
    assertThatThrownBy(() -> Json.read(sealed, Task.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no encryption key");
    Sealing.install(KeyRing.generate(new SecureRandom()));
    assertThatThrownBy(() -> Json.read(sealed, Task.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not among this process's keys");
  }

  static List<Path> examples() throws Exception {
    try (var files = Files.list(Path.of("../../examples"))) {
      return files.filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void aDocumentsJobGoesToTheTopicSealedAndMeansTheSame(Path example) throws Exception {
    Sealing.install(KeyRing.generate(new SecureRandom()));
    String type = example.toString().endsWith(".json") ? "application/json" : "text/yaml";
    Job job = accepted(Files.readAllBytes(example), type);
    assertThat(Json.read(Json.write(job), Job.class)).isEqualTo(job);
  }

  /** The job the gateway writes to the topic for a document it accepted (ADR 57). */
  private static Job accepted(byte[] body, String type) {
    return Job.pending("j1", JobDocuments.parse(body, type), Instant.EPOCH, "guest");
  }

  @Test
  void aDocumentsSecretsAreSealedOnTheWayToTheTopic() {
    Sealing.install(KeyRing.generate(new SecureRandom()));
    byte[] body =
        """
        name: n
        secrets: {tok: %1$s}
        inputs: {API_SECRET: %2$s, pin: 007}
        tasks:
        - name: t-%1$s
          image: alpine
          env: {PIN_PASSWORD: 0042, A: "{{ secrets.tok }}"}
          run: echo %1$s
        """
            .formatted(S, P)
            .getBytes(StandardCharsets.UTF_8);
    Job job = accepted(body, "text/yaml");
    byte[] value = Json.write(job);
    assertThat(new String(value, StandardCharsets.UTF_8))
        .doesNotContain(S)
        .doesNotContain(P)
        .doesNotContain("0042");
    Job back = Json.read(value, Job.class);
    assertThat(back).isEqualTo(job);
    assertThat(back.tasks().get(0).env()).containsEntry("PIN_PASSWORD", "0042");
    assertThat(back.inputs()).containsEntry("pin", "007");
    // what a user sends through the API may not hold sealed values
    assertThatThrownBy(() -> JobDocuments.requireNoSealedValues(value, "application/json"))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageEndingWith("not accepted here; send the secret itself, the engine seals it")
        .hasMessageStartingWith("inputs.API_SECRET: ");
    JobDocuments.requireNoSealedValues(body, "text/yaml");
  }

  @Test
  void aJobWithoutSecretsGoesAsPlainJson() {
    Sealing.install(KeyRing.generate(new SecureRandom()));
    Job job =
        accepted("name: n\ntasks: [{name: t, image: i, run: 'true'}]\n".getBytes(), "text/yaml");
    assertThat(Json.write(job)).isEqualTo(Mappers.JSON.writeValueAsBytes(job));
  }
}
