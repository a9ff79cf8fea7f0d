package io.tork.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Normalisation of absent values at the edge, so that records never hold null collections. */
final class Strings {
  private Strings() {}

  static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  static <T> List<T> copy(@Nullable List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  static Map<String, String> copy(@Nullable Map<String, String> map) {
    return map == null ? Map.of() : Map.copyOf(map);
  }
}
