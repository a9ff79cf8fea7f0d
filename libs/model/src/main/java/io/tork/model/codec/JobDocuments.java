package io.tork.model.codec;

import io.tork.model.InvalidJobException;
import io.tork.model.JobSpec;
import io.tork.model.Limits;
import io.tork.model.ScheduledJobSpec;
import io.tork.model.codec.mapping.Mappers;
import io.tork.model.secrets.SealedValueException;
import io.tork.model.secrets.SecretCipher;
import io.tork.model.validation.JobValidator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
// Jackson's YAML parser (snakeyaml-engine) says what was expected and what was found.
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Reads a job document as a user submits it, YAML or JSON, and validates it. The same code runs in
 * the gateway (answering 400) and in the scheduler (failing the job), so a document means the same
 * thing whichever way it arrives; a document is read once: what the gateway accepted goes to the
 * {@code jobs} topic as a validated job ({@link #ENGINE_JOB}, ADR 57), which nobody parses again.
 */
public final class JobDocuments {
  /** The content types a job document may have (parameters such as charset are ignored). */
  public static final List<String> CONTENT_TYPES =
      List.of("application/json", "text/yaml", "application/x-yaml", "application/yaml");

  /**
   * The content type of a job the engine itself wrote to {@code jobs}: a {@code Job} record in the
   * internal format ({@link Json}), already validated (by the gateway that accepted it, by the
   * scheduler that re-keyed it, or as part of its parent for a sub-job or a schedule's run).
   */
  public static final String ENGINE_JOB = "application/vnd.tork.job+json";

  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate Object property \"(.*)\"");

  private static final LongAdder READ = new LongAdder();

  private JobDocuments() {}

  /**
   * Parses and validates a job document.
   *
   * @throws InvalidJobException naming the field and the problem
   */
  public static JobSpec parse(byte[] body, @Nullable String contentType) {
    return parse(body, contentType, Limits.DEFAULTS);
  }

  /**
   * Parses and validates a job document within {@code limits}: what is over a limit and can be
   * known from the document alone is refused here.
   *
   * @throws InvalidJobException naming the field and the problem
   */
  public static JobSpec parse(byte[] body, @Nullable String contentType, Limits limits) {
    return JobValidator.validate(read(body, contentType, JobSpec.class), limits);
  }

  /**
   * Parses and validates a scheduled job document: a job without {@code wait}, with {@code
   * schedule}.
   *
   * @throws InvalidJobException naming the field and the problem
   */
  public static ScheduledJobSpec parseScheduled(byte[] body, @Nullable String contentType) {
    return parseScheduled(body, contentType, Limits.DEFAULTS);
  }

  /** As {@link #parseScheduled(byte[], String)}, within {@code limits}. */
  public static ScheduledJobSpec parseScheduled(
      byte[] body, @Nullable String contentType, Limits limits) {
    return JobValidator.validate(read(body, contentType, ScheduledJobSpec.class), limits);
  }

  /**
   * Refuses a document that holds a sealed value: only the engine seals (a value sealed elsewhere,
   * sent through the API, would have a worker open it into the sender's container).
   *
   * @throws InvalidJobException naming the field
   */
  public static void requireNoSealedValues(byte[] body, @Nullable String contentType) {
    if (!SecretTrees.mayHoldSealed(body)) {
      return;
    }
    String at;
    try {
      at = SecretTrees.firstSealed(mapperFor(contentType).readTree(body), "");
    } catch (JacksonException e) {
      return; // unreadable: parsing says why
    }
    if (at != null) {
      throw new InvalidJobException(
          at
              + ": a sealed value ("
              + SecretCipher.PREFIX
              + "...) is not accepted here; send the secret itself, the engine seals it");
    }
  }

  /** How many documents this process has read (parsed or tried to): validation once, counted. */
  public static long documentsRead() {
    return READ.sum();
  }

  private static <T> T read(byte[] body, @Nullable String contentType, Class<T> type) {
    READ.increment();
    ObjectMapper mapper = mapperFor(contentType);
    if (isBlank(body)) {
      throw new InvalidJobException("body: is empty, expected a job document");
    }
    T spec;
    try {
      spec = readOpen(mapper, body, type);
    } catch (SealedValueException e) {
      throw new InvalidJobException("secrets: " + e.getMessage());
    } catch (JacksonException e) {
      String problem = describe(e, mapper == Mappers.YAML ? "YAML" : "JSON");
      throw new InvalidJobException(mapper == Mappers.YAML ? problem + oneLineHint(body) : problem);
    }
    if (spec == null) {
      throw new InvalidJobException("body: is empty, expected a job document");
    }
    return spec;
  }

  /** The document's record, its sealed values (from the {@code jobs} topic) opened. */
  private static <T> T readOpen(ObjectMapper mapper, byte[] body, Class<T> type) {
    if (!SecretTrees.mayHoldSealed(body)) {
      return mapper.readValue(body, type);
    }
    JsonNode tree = mapper.readTree(body);
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return null;
    }
    return mapper.treeToValue(SecretTrees.open(tree, Sealing.required()), type);
  }

  /** The job's name if the document has one, for reporting a document that failed to parse. */
  public static String nameOf(byte[] body, @Nullable String contentType) {
    try {
      var tree = mapperFor(contentType).readTree(body);
      return tree != null && tree.path("name").isString()
          ? Sealing.open(tree.path("name").asString())
          : "";
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** Whether {@code contentType} names a document this codec reads. */
  public static boolean isSupported(@Nullable String contentType) {
    return contentType != null && CONTENT_TYPES.contains(mediaType(contentType));
  }

  private static ObjectMapper mapperFor(@Nullable String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw new InvalidJobException("Content-Type: is missing, use application/json or text/yaml");
    }
    String media = mediaType(contentType);
    if (media.equals("application/json")) {
      return Mappers.JSON;
    }
    if (CONTENT_TYPES.contains(media)) {
      return Mappers.YAML;
    }
    String hint =
        media.equals("application/x-www-form-urlencoded")
            ? " (curl sends that for -d without -H: use -H 'Content-Type: text/yaml'"
                + " --data-binary @job.yaml)"
            : "";
    throw new InvalidJobException(
        "Content-Type: '"
            + contentType
            + "' is not supported, use application/json or text/yaml"
            + hint);
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String media = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return media.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * A YAML job on one line is almost always a file sent with {@code curl -d}, which drops line
   * breaks: say so, next to the parser's complaint.
   */
  private static String oneLineHint(byte[] body) {
    for (byte b : body) {
      if (b == '\n' || b == '\r') {
        return "";
      }
    }
    return " (the document arrived on one line: curl -d drops line breaks, send a file with"
        + " --data-binary @job.yaml)";
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  private static String describe(JacksonException e, String format) {
    String path = path(e);
    if (e instanceof UnrecognizedPropertyException u) {
      return (path.isEmpty() ? u.getPropertyName() : path) + ": unknown field";
    }
    if (e instanceof InvalidFormatException f) {
      return at(path) + "invalid value '" + f.getValue() + "'";
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return at(path) + "wrong type, expected " + describeType(m.getTargetType());
    }
    if (e.getCause() instanceof MarkedYamlEngineException yaml) {
      String at =
          yaml.getProblemMark()
              .map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
              .orElse(location(e.getLocation()));
      return "body: malformed YAML"
          + at
          + ": "
          + yaml.getProblem()
          + (yaml.getContext() == null || yaml.getContext().isBlank()
              ? ""
              : " (" + yaml.getContext() + ")");
    }
    if (e instanceof StreamReadException) {
      String message = firstLine(e.getOriginalMessage());
      Matcher duplicate = DUPLICATE.matcher(message);
      return "body: malformed "
          + format
          + location(e.getLocation())
          + ": "
          + (duplicate.find() ? "key \"" + duplicate.group(1) + "\" appears twice" : message);
    }
    return at(path) + firstLine(e.getOriginalMessage());
  }

  private static String describeType(Class<?> type) {
    if (type == String.class) {
      return "a string";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (java.util.Map.class.isAssignableFrom(type)) {
      return "a map";
    }
    if (type == JobSpec.class || type == ScheduledJobSpec.class) {
      return "a job (a map with name and tasks)";
    }
    return "a map";
  }

  private static String at(String path) {
    return (path.isEmpty() ? "body" : path) + ": ";
  }

  private static String path(JacksonException e) {
    StringBuilder out = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getPropertyName() != null) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(ref.getPropertyName());
      }
    }
    return out.toString();
  }

  private static String location(@Nullable TokenStreamLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
