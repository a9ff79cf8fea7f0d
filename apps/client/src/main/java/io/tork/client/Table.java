package io.tork.client;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table for people: a header, aligned columns, long cells cut. */
final class Table {
  private static final int MAX_CELL = 48;
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  Table row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(cut(cell == null ? "" : String.valueOf(cell)));
    }
    rows.add(row);
    return this;
  }

  private static String cut(String cell) {
    String line = cell.replace('\n', ' ').replace('\r', ' ');
    return line.length() > MAX_CELL ? line.substring(0, MAX_CELL - 1) + "…" : line;
  }

  @Override
  public String toString() {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], i < row.size() ? row.get(i).length() : 0);
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths);
    rows.forEach(row -> line(out, row, widths));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      String cell = i < cells.size() ? cells.get(i) : "";
      line.append(cell);
      if (i < widths.length - 1) {
        line.append(" ".repeat(widths[i] - cell.length() + 2));
      }
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
