package io.flotilla.model;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rules for the version a release names (the image tag): 1 to 128 characters of {@code [A-Za-z0-9._+-]}, starting
 * with a letter or digit, so it is a valid tag and safe in stack names and URLs.
 */
public final class Versions {
  public static final int MAX_LENGTH = 128;
  public static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

  private Versions() {}

  /** Returns {@code version} when valid; otherwise throws {@link SpecValidationException} for field {@code version}. */
  public static String validate(String version) {
    Optional<FieldError> error = check(version);
    if (error.isPresent()) {
      throw new SpecValidationException(List.of(error.get()));
    }
    return version;
  }

  /** The problem with {@code version}, if any, for callers that collect errors from several fields. */
  public static Optional<FieldError> check(String version) {
    if (version == null) {
      return Optional.of(new FieldError("version", "is required"));
    }
    if (version.isEmpty() || version.length() > MAX_LENGTH) {
      return Optional.of(new FieldError("version", "must be 1 to " + MAX_LENGTH + " characters"));
    }
    if (!VERSION.matcher(version).matches()) {
      return Optional.of(new FieldError("version", "must match " + VERSION.pattern()));
    }
    return Optional.empty();
  }
}
