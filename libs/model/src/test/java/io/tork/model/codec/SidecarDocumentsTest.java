package io.tork.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tork.model.InvalidJobException;
import io.tork.model.JobSpec;
import io.tork.model.SidecarSpec;
import io.tork.model.TaskSpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SidecarDocumentsTest {
  private static JobSpec yaml(String text) {
    return JobDocuments.parse(text.getBytes(StandardCharsets.UTF_8), "text/yaml");
  }

  @Test
  void readsSidecarsWithProbesAndGpus() {
    JobSpec job =
        yaml(
            """
            name: j
            tasks:
            - name: t
              image: alpine:3.18.3
              run: wget -q -O - http://web-server:8080/
              gpus: count=2
              sidecars:
              - name: web server
                image: tork-test/busybox
                run: httpd -f -p 8080 -h /www
                env: {A: b}
                files: {www/index.html: hello}
                timeout: 30s
                probe: {path: /index.html, port: 8080, timeout: 10s}
              - name: quiet
                image: tork-test/busybox
                cmd: [sleep, "60"]
            """);
    TaskSpec task = job.tasks().getFirst();
    assertThat(task.gpus()).isEqualTo("count=2");
    SidecarSpec web = task.sidecars().getFirst();
    assertThat(web.alias()).isEqualTo("web-server");
    assertThat(web.files()).containsEntry("www/index.html", "hello");
    assertThat(web.probe()).isNotNull();
    assertThat(web.probe().port()).isEqualTo(8080);
    assertThat(web.probe().effectivePath()).isEqualTo("/index.html");
    assertThat(task.sidecars().get(1).probe()).isNull();
    assertThat(task.sidecars().get(1).cmd()).containsExactly("sleep", "60");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[{image: i}]                                   | tasks[0].sidecars[0].name: is required",
        "[{name: s}]                                    | tasks[0].sidecars[0].image: is required",
        "[{name: '!!', image: i}]                       | tasks[0].sidecars[0].name: '!!' must make"
            + " a host name",
        "[{name: web server, image: i}, {name: Web-Server, image: i}] | tasks[0].sidecars[1].name:"
            + " 'Web-Server' makes the same host name 'web-server' as sidecars[0]",
        "[{name: s, image: i, probe: {path: /}}]        | tasks[0].sidecars[0].probe.port: must be"
            + " between 1 and 65535",
        "[{name: s, image: i, probe: {port: 70000}}]    | tasks[0].sidecars[0].probe.port: must be"
            + " between 1 and 65535",
        "[{name: s, image: i, probe: {port: 80, path: health}}] | tasks[0].sidecars[0].probe.path:"
            + " must start with '/'",
        "[{name: s, image: i, probe: {port: 80, timeout: 1234}}] |"
            + " tasks[0].sidecars[0].probe.timeout: '1234' is not a duration",
        "[{name: s, image: i, timeout: soon}]           | tasks[0].sidecars[0].timeout: 'soon' is"
            + " not a duration",
        "[{name: s, image: i, files: {/etc/x: y}}]      | tasks[0].sidecars[0].files./etc/x: must"
            + " be a relative file name",
        "[{name: s, image: i, env: {A: '{{ 1 + }}'}}]   | tasks[0].sidecars[0].env.A: invalid"
            + " expression",
        "[{name: s, image: i, ports: [80]}]             | tasks[0].sidecars[0].ports: unknown"
            + " field",
      })
  void refusesBadSidecarsNamingTheField(String sidecars, String message) {
    String document = "name: j\ntasks:\n- name: t\n  image: i\n  sidecars: " + sidecars;
    assertThatThrownBy(() -> yaml(document))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining(message.strip());
  }

  @Test
  void refusesMoreThanTenSidecars() {
    StringBuilder document =
        new StringBuilder("name: j\ntasks:\n- name: t\n  image: i\n  sidecars:\n");
    for (int i = 0; i < 11; i++) {
      document.append("  - {name: s").append(i).append(", image: i}\n");
    }
    assertThatThrownBy(() -> yaml(document.toString()))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("tasks[0].sidecars: has 11 sidecars, more than the limit of 10");
  }

  @Test
  void refusesMalformedGpusAndSidecarsOnACompositeTask() {
    assertThatThrownBy(() -> yaml("name: j\ntasks:\n- name: t\n  image: i\n  gpus: lots"))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("tasks[0].gpus: 'lots' count must be 'all' or a number");
    assertThatThrownBy(
            () ->
                yaml(
                    """
                    name: j
                    tasks:
                    - name: p
                      sidecars: [{name: s, image: i}]
                      parallel:
                        tasks: [{name: c, image: i}]
                    """))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("sidecars");
  }
}
