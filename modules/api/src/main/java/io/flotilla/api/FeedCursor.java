package io.flotilla.api;

import java.util.UUID;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.persistence.query.TimeBasedUUID;

/**
 * Event ids and cursors as text. For one service they are the event's sequence number; fleet-wide they are the
 * journal's tag offset: a time-based UUID on Cassandra, a number on journals that count. A cursor or
 * {@code Last-Event-ID} names the last event seen; reading resumes after it.
 */
final class FeedCursor {
  private FeedCursor() {}

  static String of(Offset offset) {
    if (offset instanceof TimeBasedUUID uuid) {
      return uuid.value().toString();
    }
    if (offset instanceof Sequence sequence) {
      return Long.toString(sequence.value());
    }
    throw new IllegalArgumentException("unsupported offset " + offset);
  }

  /** The sequence number a per-service cursor names; {@code field} names the parameter or header in errors. */
  static long sequenceNr(String field, String text) {
    try {
      String trimmed = text.trim();
      long value = Paging.DIGITS.matcher(trimmed).matches() ? Long.parseLong(trimmed) : -1;
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.invalid(field, "must be an event id of this service (a sequence number), got '"
        + shorten(text) + "'");
  }

  /** The offset a fleet-wide cursor names. */
  static Offset offset(String field, String text) {
    String trimmed = text.trim();
    try {
      UUID uuid = UUID.fromString(trimmed);
      if (uuid.version() == 1) {
        return Offset.timeBasedUUID(uuid);
      }
    } catch (IllegalArgumentException e) {
      if (Paging.DIGITS.matcher(trimmed).matches()) {
        return Offset.sequence(Long.parseLong(trimmed));
      }
    }
    throw ApiException.invalid(field, "must be a fleet-wide event id (a time-based UUID), got '"
        + shorten(text) + "'");
  }

  private static String shorten(String text) {
    String printable = io.flotilla.model.DocumentText.printable(text);
    return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
  }
}
