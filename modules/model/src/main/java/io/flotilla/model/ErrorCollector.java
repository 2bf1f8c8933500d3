package io.flotilla.model;

import java.util.ArrayList;
import java.util.List;

/** Collects field errors while a spec is read, so that a user sees all of them in one answer. */
final class ErrorCollector {
  private final List<FieldError> errors = new ArrayList<>();

  void add(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  /** A position to pass to {@link #addedSince(int)}. */
  int mark() {
    return errors.size();
  }

  boolean addedSince(int mark) {
    return errors.size() > mark;
  }

  void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new SpecValidationException(errors);
    }
  }
}
