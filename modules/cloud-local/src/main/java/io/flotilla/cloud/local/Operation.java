package io.flotilla.cloud.local;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The cloud calls the local cloud counts and can make fail or slow, named as in {@link LocalCloud#callCount}. */
public enum Operation {
  CREATE("create"),
  DESCRIBE("describe"),
  DELETE("delete"),
  ENSURE_ENDPOINT("ensureEndpoint"),
  SET_WEIGHTS("setWeights"),
  READ_WEIGHTS("readWeights"),
  DELETE_ENDPOINT("deleteEndpoint"),
  OPEN_PREVIEW("openPreview"),
  CLOSE_PREVIEW("closePreview"),
  SCAN("scan"),
  READ_METRICS("readMetrics"),
  READ_ALARMS("readAlarms");

  private final String id;

  Operation(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The operation called {@code id}; an unknown name is an error listing the known ones (typos in tests show). */
  public static Operation of(String id) {
    return Arrays.stream(values())
        .filter(operation -> operation.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown operation '" + id + "'; known: "
            + Arrays.stream(values()).map(Operation::id).collect(Collectors.joining(", "))));
  }
}
