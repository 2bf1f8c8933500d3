package io.flotilla.cloud.local;

import io.flotilla.model.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** A demo catalog that could not be read; lists every invalid field, each named by version and field. */
public final class DemoCatalogException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<FieldError> errors;

  public DemoCatalogException(String source, List<FieldError> errors) {
    super("invalid demo catalog " + source + ": "
        + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
