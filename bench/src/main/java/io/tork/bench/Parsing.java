package io.tork.bench;

import io.tork.model.InvalidJobException;
import io.tork.model.Limits;
import io.tork.model.codec.JobDocuments;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parsing and validating a submitted document at the body limit, full of template fields (what
 * the gateway does, off its event loop, before it answers a POST): a document made of ordinary
 * fields, and one made of the input that once backtracked ({@code "{{"} and 1,200 spaces).
 */
final class Parsing {
  private Parsing() {}

  static void run(Report report, boolean quick) {
    long limit = Limits.DEFAULTS.maxBodyBytes();
    measure(report, "templates", templates(limit), "text/yaml", quick);
    measure(report, "templates, JSON", templatesJson(limit), "application/json", quick);
    measure(report, "unclosed", unclosed(limit), "text/yaml", quick);
  }

  /** The same tasks as JSON (what YAML's parser costs by itself shows against it). */
  static byte[] templatesJson(long limit) {
    StringBuilder doc =
        new StringBuilder("{\"name\":\"templates\",\"inputs\":{\"x\":\"1\"},\"tasks\":[");
    String task =
        "{\"name\":\"t{{ inputs.x }}-%d\",\"image\":\"busybox:{{ inputs.x }}\","
            + "\"if\":\"{{ inputs.x == '1' }}\",\"run\":\"true\",\"env\":{"
            + "\"A\":\"{{ inputs.x }} and {{ upper(inputs.x) }}\","
            + "\"B\":\"{{ len(inputs.x) }} {{ trim(inputs.x) }} {{ inputs['x'] }}\"}}";
    for (int i = 0; ; i++) {
      String next = (i == 0 ? "" : ",") + String.format(Locale.ROOT, task, i);
      if (doc.length() + next.length() + 2 > limit) {
        return doc.append("]}").toString().getBytes(StandardCharsets.UTF_8);
      }
      doc.append(next);
    }
  }

  /** Tasks whose name, image, env and if are templates, until the document is at the limit. */
  static byte[] templates(long limit) {
    StringBuilder doc = new StringBuilder("name: templates\ninputs:\n  x: \"1\"\ntasks:\n");
    String task =
        """
        - name: "t{{ inputs.x }}-%d"
          image: "busybox:{{ inputs.x }}"
          if: "{{ inputs.x == '1' }}"
          run: "true"
          env:
            A: "{{ inputs.x }} and {{ upper(inputs.x) }}"
            B: "{{ len(inputs.x) }} {{ trim(inputs.x) }} {{ inputs['x'] }}"
        """;
    return fill(doc, i -> String.format(Locale.ROOT, task, i), limit);
  }

  /** Env values of {@code "{{"} then 1,200 spaces, never closed, until the document is full. */
  static byte[] unclosed(long limit) {
    StringBuilder doc =
        new StringBuilder("name: unclosed\ntasks:\n- name: t\n  image: busybox\n  env:\n");
    String spaces = " ".repeat(1_200);
    return fill(doc, i -> "    V" + i + ": \"{{" + spaces + "\"\n", limit);
  }

  private static byte[] fill(
      StringBuilder doc, java.util.function.IntFunction<String> part, long limit) {
    for (int i = 0; ; i++) {
      String next = part.apply(i);
      if (doc.length() + next.length() > limit) {
        return doc.toString().getBytes(StandardCharsets.UTF_8);
      }
      doc.append(next);
    }
  }

  private static void measure(
      Report report, String name, byte[] doc, String contentType, boolean quick) {
    // The first parse is a cold JVM's; the figure is after the JIT compiler is done with the path.
    int warmUp = quick ? 5 : 20;
    int runs = warmUp + (quick ? 10 : 30);
    List<Double> times = new ArrayList<>();
    String outcome = "accepted";
    double first = 0;
    for (int i = 0; i < runs; i++) {
      long begin = System.nanoTime();
      try {
        JobDocuments.parse(doc, contentType);
      } catch (InvalidJobException e) {
        String why = String.valueOf(e.getMessage());
        outcome = "refused: " + (why.length() > 100 ? why.substring(0, 100) + "..." : why);
      }
      double ms = (System.nanoTime() - begin) / 1e6;
      if (i == 0) {
        first = ms;
      } else if (i >= warmUp) {
        times.add(ms);
      }
    }
    Stats stats = Stats.of(times);
    String key = "parse_" + name.replace(", ", "_").toLowerCase(Locale.ROOT);
    report.put(key + "_ms_first", first);
    report.put(key + "_ms_p50", stats.p50());
    report.put(key + "_ms_max", stats.max());
    report.row(
        "parse + validate a " + doc.length / 1024 + " KiB document (" + name + "), " + outcome,
        String.format(Locale.ROOT, "first (cold JVM) %.1f ms; warm %s", first, stats),
        "well under 100 ms",
        "");
  }
}
