package io.flotilla.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads and checks the {@code rollout} section of a spec: a preset or explicit steps, preview and timeouts. */
final class RolloutReader {
  static final List<String> FIELDS = List.of("preset", "steps", "preview", "previewHold", "environmentTimeout");
  private static final List<String> STEP_FIELDS = List.of("weight", "hold");

  private RolloutReader() {}

  /** The policy, or {@code null} when any of its fields is invalid (the errors are recorded). */
  static RolloutPolicy read(ObjectFields fields) {
    int mark = fields.errors().mark();
    String preset = null;
    List<RolloutStep> steps = null;
    if (fields.has("preset") && fields.has("steps")) {
      fields.error("give either preset or steps, not both");
    } else if (fields.has("steps")) {
      steps = steps(fields);
    } else {
      preset = fields.string("preset", SpecDefaults.ROLLOUT_PRESET);
      steps = preset == null ? null : expand(fields, preset);
    }
    Boolean preview = fields.bool("preview", SpecDefaults.PREVIEW);
    Duration previewHold = fields.duration("previewHold", Duration.ofSeconds(1), Duration.ofDays(7),
        SpecDefaults.PREVIEW_HOLD);
    Duration environmentTimeout = fields.duration("environmentTimeout", Duration.ofSeconds(10), Duration.ofHours(24),
        SpecDefaults.ENVIRONMENT_TIMEOUT);
    if (fields.errors().addedSince(mark)) {
      return null;
    }
    return new RolloutPolicy(preset, steps, preview, previewHold, environmentTimeout);
  }

  private static List<RolloutStep> expand(ObjectFields fields, String preset) {
    try {
      return RolloutPresets.expand(preset);
    } catch (IllegalArgumentException e) {
      fields.error("preset", e.getMessage());
      return null;
    }
  }

  private static List<RolloutStep> steps(ObjectFields fields) {
    List<JsonNode> items = fields.list("steps");
    if (items == null) {
      return null;
    }
    if (items.isEmpty() || items.size() > RolloutPresets.MAX_STEPS) {
      fields.error("steps", "must have 1 to " + RolloutPresets.MAX_STEPS + " steps");
      return null;
    }
    int mark = fields.errors().mark();
    List<RolloutStep> steps = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ObjectFields step = fields.item("steps", i, items.get(i), STEP_FIELDS);
      Integer weight = step.require("weight") ? step.integer("weight", 1, 100, null) : null;
      Duration hold = step.duration("hold", Duration.ZERO, RolloutPresets.MAX_HOLD, Duration.ZERO);
      if (weight != null && hold != null) {
        steps.add(new RolloutStep(weight, hold));
      }
    }
    if (fields.errors().addedSince(mark)) {
      return null;
    }
    return checkOrder(fields, steps) ? steps : null;
  }

  private static boolean checkOrder(ObjectFields fields, List<RolloutStep> steps) {
    boolean valid = true;
    for (int i = 1; i < steps.size() && valid; i++) {
      int previous = steps.get(i - 1).weight();
      int current = steps.get(i).weight();
      if (current <= previous) {
        // Indices match the field paths (rollout.steps[i]), so a user can find both steps.
        fields.error("steps", "weights must increase (step " + (i - 1) + " has " + previous + ", step " + i
            + " has " + current + ")");
        valid = false;
      }
    }
    if (steps.get(steps.size() - 1).weight() != 100) {
      fields.error("steps", "the last step must have weight 100");
      valid = false;
    }
    return valid;
  }
}
