package io.flotilla.engine.bulk;

import io.flotilla.engine.CborSerializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A bulk release as the API validated it: the items in request order (an item the API found invalid carries why,
 * and never starts), at most {@code maxConcurrent} item releases at once, stop starting new items once
 * {@code failureBudget} items have failed, rolled back or been aborted, and whether the services' existence must be
 * confirmed before anything starts ({@code allOrNothing}). {@link #fingerprint()} tells two requests apart, so an
 * {@code Idempotency-Key} used again with another request can be refused.
 */
public record BulkRequest(List<Item> items, int maxConcurrent, int failureBudget, boolean allOrNothing)
    implements CborSerializable {

  /** One requested release; {@code invalid} is null for a valid item. */
  public record Item(String service, String version, String invalid) implements CborSerializable {}

  public BulkRequest {
    items = List.copyOf(items);
  }

  /** A digest of everything that makes two requests the same request. */
  public String fingerprint() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(("maxConcurrent=" + maxConcurrent + ";failureBudget=" + failureBudget + ";allOrNothing="
          + allOrNothing + "\n").getBytes(StandardCharsets.UTF_8));
      for (Item item : items) {
        // the values as sent (an invalid item's text may contain anything): length-prefixed, so no separator is ambiguous
        digest.update(field(item.service()));
        digest.update(field(item.version()));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static byte[] field(String value) {
    String text = value == null ? "-1:" : value.length() + ":" + value;
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
