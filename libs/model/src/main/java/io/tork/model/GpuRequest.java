package io.tork.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A task's {@code gpus}, in Docker's {@code --gpus} syntax: {@code all}, a count ({@code 2}), or
 * comma-separated {@code count=N|all}, {@code device=ID[,ID...]}, {@code driver=NAME}, {@code
 * capabilities=CAP[,CAP...]}. As in Docker, {@code gpu} is always a capability, and a request
 * naming neither a count nor devices asks for one GPU.
 *
 * @param count GPUs wanted, -1 for all, 0 when {@code deviceIds} name them
 * @param deviceIds the GPUs wanted by id or index
 * @param driver the device driver, empty for the engine's choice
 * @param capabilities what the GPUs must offer; always holds {@code gpu}
 */
public record GpuRequest(
    int count, List<String> deviceIds, String driver, List<String> capabilities) {
  private static final int MAX_TEXT = 256;

  public GpuRequest {
    deviceIds = List.copyOf(deviceIds);
    capabilities = List.copyOf(capabilities);
  }

  /**
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  public static GpuRequest parse(String text) {
    String value = text.strip();
    if (value.length() > MAX_TEXT) {
      throw new IllegalArgumentException("must be at most " + MAX_TEXT + " characters");
    }
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1); // docker's CSV quoting, for device=0,1
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException("is empty");
    }
    Integer count = null;
    List<String> devices = new ArrayList<>();
    List<String> capabilities = new ArrayList<>();
    String driver = "";
    String key = "";
    Set<String> seen = new HashSet<>();
    for (String field : value.split(",", -1)) {
      int eq = field.indexOf('=');
      String item = eq < 0 ? field.strip() : field.substring(eq + 1).strip();
      if (eq >= 0) {
        key = field.substring(0, eq).strip();
        if (!seen.add(key)) {
          throw new IllegalArgumentException("'" + key + "' is given twice");
        }
      } else if (!key.equals("device") && !key.equals("capabilities")) {
        key = "count"; // a bare value is a count, except in a list of devices or capabilities
        if (!seen.add(key)) {
          throw new IllegalArgumentException("the count is given twice");
        }
      }
      if (item.isEmpty()) {
        throw new IllegalArgumentException("'" + field + "' has no value");
      }
      switch (key) {
        case "count" -> count = count(item);
        case "device" -> devices.add(item);
        case "capabilities" -> capabilities.add(item);
        case "driver" -> driver = item;
        default ->
            throw new IllegalArgumentException(
                "unknown key '" + key + "' (count, device, driver or capabilities)");
      }
    }
    if (!capabilities.contains("gpu")) {
      capabilities.add("gpu");
    }
    int wanted = count != null ? count : devices.isEmpty() ? 1 : 0;
    return new GpuRequest(wanted, devices, driver, capabilities);
  }

  private static int count(String text) {
    if (text.equals("all")) {
      return -1;
    }
    try {
      int n = Integer.parseInt(text);
      if (n < 1 || n > 1024) {
        throw new IllegalArgumentException("count must be 'all' or 1-1024, not '" + text + "'");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("count must be 'all' or a number, not '" + text + "'");
    }
  }
}
