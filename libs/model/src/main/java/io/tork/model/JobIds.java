package io.tork.model;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Job and task ids: 32 lowercase hex characters, as Tork makes them. */
public final class JobIds {
  private JobIds() {}

  public static String random() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** A deterministic id, the same every time for the same name (e.g. a record's coordinates). */
  public static String fromName(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))
        .toString()
        .replace("-", "");
  }

  public static boolean isValid(String id) {
    return id.matches("[0-9a-f]{32}");
  }
}
