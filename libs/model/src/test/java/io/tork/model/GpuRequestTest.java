package io.tork.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GpuRequestTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "all                      | -1 | ''    | ''     | gpu",
        "2                        | 2  | ''    | ''     | gpu",
        "count=all                | -1 | ''    | ''     | gpu",
        "count=3                  | 3  | ''    | ''     | gpu",
        "device=0                 | 0  | 0     | ''     | gpu",
        "device=0,1               | 0  | 0;1   | ''     | gpu",
        "'\"device=GPU-3a,GPU-4b\"' | 0  | GPU-3a;GPU-4b | '' | gpu",
        "driver=nvidia            | 1  | ''    | nvidia | gpu",
        "'count=1,capabilities=utility,compute' | 1 | '' | '' | utility;compute;gpu",
        "'device=2,driver=nvidia' | 0  | 2     | nvidia | gpu",
      })
  void readsDockersGpusSyntax(
      String text, int count, String devices, String driver, String capabilities) {
    GpuRequest request = GpuRequest.parse(text);
    assertThat(request.count()).isEqualTo(count);
    assertThat(request.deviceIds()).isEqualTo(split(devices));
    assertThat(request.driver()).isEqualTo(driver);
    assertThat(request.capabilities()).isEqualTo(split(capabilities));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "some         | count must be 'all' or a number, not 'some'",
        "0            | count must be 'all' or 1-1024, not '0'",
        "count=-1     | count must be 'all' or 1-1024",
        "\"all,2\"      | the count is given twice",
        "\"device=0,device=1\" | 'device' is given twice",
        "memory=1     | unknown key 'memory'",
        "device=      | 'device=' has no value",
        "\" \"          | is empty",
      })
  void refusesWhatDockerWouldNotTake(String text, String message) {
    assertThatThrownBy(() -> GpuRequest.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private static List<String> split(String list) {
    return list.isEmpty() ? List.of() : List.of(list.split(";"));
  }
}
