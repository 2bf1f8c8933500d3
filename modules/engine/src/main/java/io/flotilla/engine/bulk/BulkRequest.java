package io.flotilla.engine.bulk;

import io.flotilla.engine.CborSerializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bulk release as the API validated it: the items in request order (an item the API found invalid carries why,
 * and never starts), at most {@code maxConcurrent} item releases at once, stop starting new items once
 * {@code failureBudget} items have failed, rolled back or been aborted, and whether the services' existence must be
 * confirmed before anything starts ({@code allOrNothing}). {@link #fingerprint()} tells two requests apart, so an
 * {@code Idempotency-Key} used again with another request can be refused.
 *
 * <p>Items are kept as parallel lists ({@code services}, {@code versions}, and {@code invalid} by index) rather than
 * one record each: a request of 10,000 items is one message and one event, and this keeps both a few times smaller
 * than per-item objects with their field names would be.
 */
public record BulkRequest(List<String> services, List<String> versions, Map<Integer, String> invalid,
    int maxConcurrent, int failureBudget, boolean allOrNothing) implements CborSerializable {

  /** One requested release; {@code invalid} is null for a valid item. */
  public record Item(String service, String version, String invalid) {}

  public BulkRequest {
    // the values as sent may be missing (null): copy without List.copyOf, which refuses nulls
    services = java.util.Collections.unmodifiableList(new ArrayList<>(services));
    versions = java.util.Collections.unmodifiableList(new ArrayList<>(versions));
    invalid = invalid == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(invalid));
    if (services.size() != versions.size()) {
      throw new IllegalArgumentException("services and versions differ in length");
    }
  }

  public static BulkRequest of(List<Item> items, int maxConcurrent, int failureBudget, boolean allOrNothing) {
    List<String> services = new ArrayList<>(items.size());
    List<String> versions = new ArrayList<>(items.size());
    Map<Integer, String> invalid = new TreeMap<>();
    for (int i = 0; i < items.size(); i++) {
      services.add(items.get(i).service());
      versions.add(items.get(i).version());
      if (items.get(i).invalid() != null) {
        invalid.put(i, items.get(i).invalid());
      }
    }
    return new BulkRequest(services, versions, invalid, maxConcurrent, failureBudget, allOrNothing);
  }

  public int size() {
    return services.size();
  }

  public Item item(int index) {
    return new Item(services.get(index), versions.get(index), invalid.get(index));
  }

  /** A digest of everything that makes two requests the same request. */
  public String fingerprint() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(("maxConcurrent=" + maxConcurrent + ";failureBudget=" + failureBudget + ";allOrNothing="
          + allOrNothing + "\n").getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < size(); i++) {
        // the values as sent (an invalid item's text may contain anything): length-prefixed, so no separator is ambiguous
        digest.update(field(services.get(i)));
        digest.update(field(versions.get(i)));
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
