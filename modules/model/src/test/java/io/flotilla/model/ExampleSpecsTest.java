package io.flotilla.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The example specs that {@code flotilla dev} loads at start must all be valid and demo-friendly. */
class ExampleSpecsTest {
  // Surefire runs in the module directory; the examples live at the top of the repository.
  private static final Path EXAMPLES = Path.of("../../config/examples");

  static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void thereAreSeveralExamples() throws IOException {
    assertTrue(examples().size() >= 3, "examples in " + EXAMPLES.toAbsolutePath().normalize());
  }

  @ParameterizedTest
  @MethodSource("examples")
  void eachExampleIsAValidSpecNamedLikeItsFile(Path file) throws IOException {
    ServiceSpec spec = SpecCodec.readYaml(Files.readString(file));
    assertEquals(file.getFileName().toString(), spec.name() + ".yaml");
    assertEquals(2, spec.runtime().minInstances());
    assertTrue(spec.analysis().interval().toSeconds() <= 30, "a short analysis interval for demos");
    assertEquals(spec, SpecCodec.readYaml(SpecCodec.toYaml(spec)));
  }

  @Test
  void examplesHaveDistinctNames() throws IOException {
    List<String> names = examples().stream().map(ExampleSpecsTest::read).map(ServiceSpec::name).toList();
    assertEquals(names.size(), names.stream().distinct().count());
  }

  private static ServiceSpec read(Path file) {
    try {
      return SpecCodec.readYaml(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
