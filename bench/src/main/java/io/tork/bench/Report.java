package io.tork.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The run's figures (JSON keys) and its table (Markdown rows, printed as they come). */
final class Report {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final List<String> table = new ArrayList<>();

  void put(String key, Object value) {
    figures.put(key, value);
  }

  Double number(String key) {
    return figures.get(key) instanceof Number n ? n.doubleValue() : null;
  }

  void row(String figure, String value, String target, String ratio) {
    String line = String.format(Locale.ROOT, "| %s | %s | %s | %s |", figure, value, target, ratio);
    table.add(line);
    System.out.println(line);
  }

  void write(Path results) throws IOException {
    System.out.println();
    System.out.println("| figure | measured | target | vs floor |");
    System.out.println("|---|---|---|---|");
    table.forEach(System.out::println);
    Files.createDirectories(results);
    String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures);
    Files.writeString(results.resolve("latest.json"), json);
    Files.writeString(
        results.resolve(LocalDate.now() + "-" + figures.get("commit") + ".json"), json);
    System.out.println();
    System.out.println(json);
  }
}
