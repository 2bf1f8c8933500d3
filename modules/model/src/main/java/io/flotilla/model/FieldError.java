package io.flotilla.model;

/** One invalid field of a request, named by its path, e.g. {@code rollout.steps[2].weight}. */
public record FieldError(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
