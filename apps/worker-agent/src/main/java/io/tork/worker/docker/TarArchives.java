package io.tork.worker.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Docker's file copy API speaks tar: this writes and reads the few files the runtime needs. */
final class TarArchives {
  static final String DIR = "tork";
  static final String ENTRYPOINT = "entrypoint";
  static final String STDOUT = "stdout";
  static final String PROGRESS = "progress";

  private TarArchives() {}

  /**
   * {@code tork/} with the script (read-only, executable) and the empty output and progress files,
   * writable by any user so that images running as non-root can still report a result.
   */
  static byte[] taskFiles(String script) {
    return taskFiles(script, "", Map.of());
  }

  /**
   * The same, plus the task's {@code files} (read-only, as in Tork) in {@code workdir}, with every
   * directory on the way.
   */
  static byte[] taskFiles(String script, String workdir, Map<String, String> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry dir = new TarArchiveEntry(DIR + "/");
      dir.setMode(040755);
      tar.putArchiveEntry(dir);
      tar.closeArchiveEntry();
      addFile(tar, ENTRYPOINT, script, 0100555);
      addFile(tar, STDOUT, "", 0100666);
      addFile(tar, PROGRESS, "", 0100666);
      Set<String> dirs = new HashSet<>(Set.of(DIR));
      for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
        String path = relative(workdir) + "/" + file.getKey();
        addDirs(tar, path, dirs);
        addEntry(tar, path, file.getValue(), 0100444);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build an in-memory tar", e);
    }
    return bytes.toByteArray();
  }

  /** Reads one file of an archive: its contents (no further than it needs) and its size. */
  @FunctionalInterface
  interface FileReader<T> {
    T read(InputStream contents, long size) throws IOException;
  }

  /**
   * What {@code reader} makes of the first regular file in a tar stream; empty when there is none.
   * The stream is left open, read no further than the reader went.
   */
  static <T> Optional<T> firstFile(InputStream in, FileReader<T> reader) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
      if (entry.isFile()) {
        return Optional.of(reader.read(tar, entry.getSize()));
      }
    }
    return Optional.empty();
  }

  private static String relative(String dir) {
    String out = dir;
    while (out.startsWith("/")) {
      out = out.substring(1);
    }
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  /** The directories above {@code path} not yet in the archive. */
  private static void addDirs(TarArchiveOutputStream tar, String path, Set<String> done)
      throws IOException {
    String[] parts = path.split("/");
    StringBuilder dir = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].isEmpty()) {
        continue;
      }
      dir.append(dir.isEmpty() ? "" : "/").append(parts[i]);
      if (done.add(dir.toString())) {
        TarArchiveEntry entry = new TarArchiveEntry(dir + "/");
        entry.setMode(040755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
      }
    }
  }

  private static void addFile(TarArchiveOutputStream tar, String name, String content, int mode)
      throws IOException {
    addEntry(tar, DIR + "/" + name, content, mode);
  }

  private static void addEntry(TarArchiveOutputStream tar, String path, String content, int mode)
      throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(path);
    entry.setSize(data.length);
    entry.setMode(mode);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
  }
}
