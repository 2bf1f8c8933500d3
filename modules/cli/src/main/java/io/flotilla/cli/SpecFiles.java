package io.flotilla.cli;

import io.flotilla.model.FieldError;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.DocumentLimits;
import io.flotilla.model.SpecCodec;
import io.flotilla.model.SpecValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The spec files {@code apply -f} names: files, and the {@code .yaml}, {@code .yml} and {@code .json} files directly
 * in a directory (in name order). Each is read and validated as the server would, so that nothing is applied when
 * any of them is invalid; every problem is reported, not only the first.
 */
final class SpecFiles {
  /** A spec as the file has it: its text (sent as is), its format, and the spec it reads as. */
  record SpecFile(Path path, String text, boolean yaml, ServiceSpec spec) {}

  private SpecFiles() {}

  /**
   * The file's text, refusing files that cannot be a spec before reading them into memory (the server takes at most
   * {@link DocumentLimits#MAX_CHARS} characters) and bytes that are not UTF-8.
   */
  static String readBounded(Path path) throws IOException {
    long size = Files.size(path);
    if (size > 4L * DocumentLimits.MAX_CHARS) {
      throw new IOException("the file has " + size + " bytes; a document may have at most "
          + DocumentLimits.MAX_CHARS + " characters");
    }
    try {
      return Files.readString(path);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException("the file is not UTF-8 text", e);
    }
  }

  static List<SpecFile> read(List<Path> arguments) {
    List<String> problems = new ArrayList<>();
    List<SpecFile> specs = new ArrayList<>();
    for (Path path : files(arguments, problems)) {
      String text;
      try {
        text = readBounded(path);
      } catch (IOException e) {
        problems.add(path + ": cannot read: " + e.getMessage());
        continue;
      }
      boolean yaml = !path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
      try {
        specs.add(new SpecFile(path, text, yaml, SpecCodec.read(text, yaml)));
      } catch (SpecValidationException invalid) {
        for (FieldError error : invalid.errors()) {
          problems.add(path + ": " + error);
        }
      }
    }
    Map<String, Path> names = new HashMap<>();
    for (SpecFile spec : specs) {
      Path earlier = names.putIfAbsent(spec.spec().name(), spec.path());
      if (earlier != null) {
        problems.add(spec.path() + ": service '" + spec.spec().name() + "' is also defined in " + earlier);
      }
    }
    if (!problems.isEmpty()) {
      throw new CliException("nothing applied; " + (problems.size() == 1 ? "1 problem" : problems.size()
          + " problems") + ":" + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ",
          problems));
    }
    return specs;
  }

  private static List<Path> files(List<Path> arguments, List<String> problems) {
    List<Path> files = new ArrayList<>();
    for (Path argument : arguments) {
      if (Files.isDirectory(argument)) {
        try (Stream<Path> entries = Files.list(argument)) {
          List<Path> found = entries.filter(Files::isRegularFile).filter(SpecFiles::isSpecFile).sorted().toList();
          if (found.isEmpty()) {
            problems.add(argument + ": no .yaml, .yml or .json files in this directory");
          }
          files.addAll(found);
        } catch (IOException e) {
          problems.add(argument + ": cannot list: " + e.getMessage());
        }
      } else if (Files.isRegularFile(argument)) {
        files.add(argument);
      } else {
        problems.add(argument + ": no such file or directory");
      }
    }
    return files;
  }

  private static boolean isSpecFile(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }
}
