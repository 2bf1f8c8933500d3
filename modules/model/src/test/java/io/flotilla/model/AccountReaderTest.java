package io.flotilla.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountReaderTest {
  @Test
  void readsAnAccountWhoseIdRepeatsThePath() {
    Account account = AccountReader.read(json("{\"id\": \"prod\", \"regions\": [\"us-east-1\"]}"), "prod");
    assertEquals("prod", account.id());
    assertEquals("prod", account.alias());
    assertEquals(List.of("us-east-1"), account.regions());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"lo}al\"", "\"\u00e9t\u00e9\"", "true", "-0.0", "[]", "{}"})
  void anInvalidIdWithAnIdInThePathIsOneErrorNamingIt(String id) {
    List<FieldError> errors = assertThrows(SpecValidationException.class, () -> AccountReader.read(
        json("{\"id\": " + id + ", \"regions\": [\"local\"]}"), "local")).errors();
    assertEquals(1, errors.size(), errors.toString());
    assertEquals("id", errors.get(0).field());
  }

  @Test
  void anIdOtherThanThePathsIsRefused() {
    List<FieldError> errors = assertThrows(SpecValidationException.class, () -> AccountReader.read(
        json("{\"id\": \"other\", \"regions\": [\"local\"]}"), "local")).errors();
    assertEquals(List.of(new FieldError("id", "'other' does not match the account in the path ('local')")), errors);
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
