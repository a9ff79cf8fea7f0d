package io.tork.worker.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build an in-memory tar", e);
    }
    return bytes.toByteArray();
  }

  /** The contents of the first regular file in a tar stream, as UTF-8; empty when there is none. */
  static String firstFile(InputStream in) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.isFile()) {
          return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      return "";
    }
  }

  private static void addFile(TarArchiveOutputStream tar, String name, String content, int mode)
      throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(DIR + "/" + name);
    entry.setSize(data.length);
    entry.setMode(mode);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
  }
}
