package io.tork.worker.docker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Docker's file copy API speaks tar: this writes and reads the few files the runtime needs. */
final class TarArchives {
  private TarArchives() {}

  /** A tar of {@code files} (path -> contents), each with the given mode, plus their directory. */
  static InputStream of(String directory, Map<String, String> files, Map<String, Integer> modes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry dir = new TarArchiveEntry(directory + "/");
      dir.setMode(040777);
      tar.putArchiveEntry(dir);
      tar.closeArchiveEntry();
      for (Map.Entry<String, String> file : files.entrySet()) {
        byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(directory + "/" + file.getKey());
        entry.setSize(content.length);
        entry.setMode(modes.getOrDefault(file.getKey(), 0100666));
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ByteArrayInputStream(bytes.toByteArray());
  }

  /** The contents of the first file in a tar stream, as UTF-8 (empty when there is none). */
  static String firstFile(InputStream in) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isFile()) {
          return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      return "";
    }
  }
}
