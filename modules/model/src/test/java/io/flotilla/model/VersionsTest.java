package io.flotilla.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionsTest {
  @ParameterizedTest
  @ValueSource(strings = {"1", "1.2.3", "v42", "2024-05-01_build+7", "sha-0a1b2c3"})
  void acceptsTagLikeVersions(String version) {
    assertEquals(version, Versions.validate(version));
    assertTrue(Versions.check(version).isEmpty());
  }

  @Test
  void acceptsTheLongestVersion() {
    String version = "1".repeat(128);
    assertEquals(version, Versions.validate(version));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"-1", ".1", "_1", "1 2", "a/b", "1:2", "é", "1\n"})
  void rejectsVersionsThatAreNotTags(String version) {
    SpecValidationException e = assertThrows(SpecValidationException.class, () -> Versions.validate(version));
    assertEquals(List.of("version"), e.errors().stream().map(FieldError::field).toList());
  }

  @Test
  void rejectsVersionsLongerThan128Characters() {
    SpecValidationException e =
        assertThrows(SpecValidationException.class, () -> Versions.validate("1".repeat(129)));
    assertEquals(List.of(new FieldError("version", "must be 1 to 128 characters")), e.errors());
  }

  @Test
  void namesTheMissingVersion() {
    assertEquals(new FieldError("version", "is required"), Versions.check(null).orElseThrow());
  }
}
