package io.tork.model.codec;

import io.tork.model.JobSpec;
import java.nio.charset.StandardCharsets;

/** Job documents for the tests, parsed and validated as a submission is. */
public final class DocumentFixtures {
  private DocumentFixtures() {}

  public static JobSpec yaml(String text) {
    return JobDocuments.parse(text.getBytes(StandardCharsets.UTF_8), "text/yaml");
  }

  public static JobSpec json(String text) {
    return JobDocuments.parse(text.getBytes(StandardCharsets.UTF_8), "application/json");
  }
}
