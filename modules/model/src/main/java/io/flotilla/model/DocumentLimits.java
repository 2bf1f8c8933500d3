package io.flotilla.model;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * Bounds on documents Flotilla parses, so that hostile input costs little memory and time. They are far above what
 * real specs and bulk requests need (a spec nests 4 levels; a bulk of 10,000 items is ~430 KiB) and are therefore
 * constants; the size of a request body is bounded before parsing, by configuration ({@code flotilla.api}).
 */
public final class DocumentLimits {
  /** The longest spec document accepted, in characters (1 MiB). */
  public static final int MAX_CHARS = 1 << 20;
  /** How deep objects and lists may nest; real specs need 4. */
  public static final int MAX_NESTING_DEPTH = 64;
  /** The longest string value (64 Ki characters): an environment value holding a certificate fits. */
  public static final int MAX_STRING_LENGTH = 64 * 1024;
  /** The longest field name, in characters. */
  public static final int MAX_NAME_LENGTH = 1024;
  /** The most characters of one number: enough for any long or double, far below what slows parsing. */
  public static final int MAX_NUMBER_LENGTH = 100;
  /**
   * The longest document the shared mappers read at all (64 MiB): a backstop. Requests are bounded far lower by
   * the API's body size limit and specs by {@link #MAX_CHARS}; the CLI reads whole fleet listings with it.
   */
  public static final long MAX_DOCUMENT_LENGTH = 64L << 20;

  private DocumentLimits() {}

  static StreamReadConstraints streamReadConstraints() {
    return StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING_DEPTH)
        .maxStringLength(MAX_STRING_LENGTH)
        .maxNameLength(MAX_NAME_LENGTH)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .maxDocumentLength(MAX_DOCUMENT_LENGTH)
        .build();
  }

  /** What a parser refused, in words that name the limit (Jackson's own text names its classes). */
  public static String describe(StreamConstraintsException e) {
    String message = String.valueOf(e.getOriginalMessage());
    if (message.startsWith("Document nesting depth")) {
      return "objects and lists nest deeper than " + MAX_NESTING_DEPTH + " levels";
    }
    if (message.startsWith("String value length")) {
      return "a string is longer than " + MAX_STRING_LENGTH + " characters";
    }
    if (message.startsWith("Name length")) {
      return "a field name is longer than " + MAX_NAME_LENGTH + " characters";
    }
    if (message.startsWith("Number value length")) {
      return "a number is longer than " + MAX_NUMBER_LENGTH + " characters";
    }
    if (message.startsWith("Document length")) {
      return "the document is longer than " + MAX_DOCUMENT_LENGTH + " characters";
    }
    String firstLine = message.lines().findFirst().orElse("the document exceeds a parser limit");
    return firstLine.length() <= 200 ? firstLine : firstLine.substring(0, 200) + "...";
  }
}
