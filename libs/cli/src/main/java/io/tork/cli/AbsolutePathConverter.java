package io.tork.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Every path option, whether it comes from a flag, the environment, a properties file or a default,
 * is made absolute once, as the command line is read: a relative path is relative to the directory
 * the command was started in, and nothing later (a bind mount's source, say, which Docker refuses
 * when relative) has to remember that.
 */
public final class AbsolutePathConverter implements CommandLine.ITypeConverter<Path> {
  @Override
  public Path convert(String value) {
    if (value.isBlank()) {
      throw new CommandLine.TypeConversionException("a path may not be empty");
    }
    try {
      return absolute(Path.of(value));
    } catch (InvalidPathException e) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a path");
    }
  }

  /** {@code path} made absolute against the working directory, and normalized. */
  public static Path absolute(Path path) {
    return path.toAbsolutePath().normalize();
  }
}
