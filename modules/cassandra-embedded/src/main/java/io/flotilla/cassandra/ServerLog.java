package io.flotilla.cassandra;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * The forked server's console log. The file is appended to across runs (so earlier crashes stay
 * readable); each start only looks at what was written after {@link #markStart()}.
 */
final class ServerLog {

  private static final long ROTATE_AT_BYTES = 20L * 1024 * 1024;
  private static final int MAX_READ_BYTES = 4 * 1024 * 1024;

  private final Path file;
  private long startOffset;

  ServerLog(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** Keeps one previous generation once the log grows large, then remembers where this run begins. */
  void markStart() {
    try {
      if (Files.exists(file) && Files.size(file) > ROTATE_AT_BYTES) {
        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
      }
      startOffset = Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare " + file, e);
    }
  }

  boolean containsSinceStart(String text) {
    return sinceStart().contains(text);
  }

  /** The last lines written since the start, for error messages. */
  String tail(int lines) {
    List<String> all = Arrays.asList(sinceStart().split("\\R"));
    List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
    return String.join(System.lineSeparator(), last);
  }

  private String sinceStart() {
    if (!Files.exists(file)) {
      return "";
    }
    try (RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r")) {
      long from = Math.max(startOffset, reader.length() - MAX_READ_BYTES);
      byte[] bytes = new byte[(int) (reader.length() - from)];
      reader.seek(from);
      reader.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }
}
