package io.flotilla.model;

import java.util.List;
import java.util.stream.Collectors;

/** A spec (or other request) that failed validation; carries every field error found, not only the first. */
public final class SpecValidationException extends RuntimeException {
  private final List<FieldError> errors;

  public SpecValidationException(List<FieldError> errors) {
    super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
