package io.flotilla.judge;

import io.flotilla.model.MetricCheck;
import io.flotilla.model.MetricType;

/**
 * Classifies a latency metric from every request's latency on both sides. HIGH takes either of two findings:
 * <ul>
 *   <li><b>a shift</b>, as Kayenta judges it: the whole Hodges-Lehmann confidence interval (98%) of the
 *       canary-minus-baseline shift lies above the allowed tolerance, {@code tolerance} (0.25) times the baseline
 *       median, <i>and</i> the effect is large enough to matter: the canary's check percentile over the baseline's
 *       exceeds {@code maxRatio}. (Kayenta scales the band by the shift estimate itself; scaling by the baseline
 *       median makes it an allowed change rather than a precision requirement.)
 *   <li><b>a heavier tail</b> ({@link TailCheck}), which catches the variance-only and bimodal regressions a shift
 *       test passes by construction.
 * </ul>
 * LOW (faster) is a confidence interval wholly below minus the tolerance with a faster check percentile; it scores as
 * a pass. The reported p-value is the one-sided Mann-Whitney p for "the canary is slower".
 */
final class RecordedLatencyCheck {
  private RecordedLatencyCheck() {}

  static MetricResult classify(MetricCheck check, LatencyCheck.RecordedLatencies data, JudgeSettings settings) {
    double percentile = check.percentile() == null ? LatencyCheck.DEFAULT_PERCENTILE : check.percentile();
    double maxRatio = check.maxRatio() == null ? LatencyCheck.DEFAULT_MAX_RATIO : check.maxRatio();
    SortedSample baseline = data.baseline;
    SortedSample canary = data.canary;
    double baselineValue = baseline.percentile(percentile);
    double canaryValue = canary.percentile(percentile);
    double ratio = TailCheck.ratio(canaryValue, baselineValue);
    RankShift shift = data.shift();
    double tolerance = settings.tolerance() * Math.abs(baseline.median());

    boolean shiftHigh = shift.low() > tolerance && ratio > maxRatio
        && canaryValue - baselineValue > settings.latencyFloorMillis();
    TailCheck.Finding tail = TailCheck.worst(baseline, canary, data.pooled(), percentile, maxRatio, settings);
    boolean tailHigh = tail != null && tail.high();
    boolean low = !shiftHigh && !tailHigh && shift.high() < -tolerance && ratio < 1;
    Classification classification =
        shiftHigh || tailHigh ? Classification.HIGH : low ? Classification.LOW : Classification.PASS;

    String name = check.name();
    String label = Text.percentile(percentile);
    String head = name + ": " + (low ? "canary faster at " : "canary ") + label + " " + Text.millis(canaryValue)
        + " vs baseline " + Text.millis(baselineValue) + " (" + Text.ratio(ratio)
        + (ratio > maxRatio ? " > " : ", max ") + Text.ratio(maxRatio) + ")";
    String shiftText = "shift " + Text.signedMillis(shift.estimate()) + " ms, " + Text.percentConfidence(
        settings.confidence()) + " CI [" + Text.signedMillis(shift.low()) + ", " + Text.signedMillis(shift.high())
        + "] " + (shift.low() > tolerance ? "above +" : shift.high() < -tolerance ? "below -" : "within ±")
        + Text.millis(tolerance);
    String tailText = tail == null ? "tail not checked (too few samples)" : tailText(tail, maxRatio, percentile);
    String order = tailHigh && !shiftHigh ? tailText + "; " + shiftText : shiftText + "; " + tailText;
    String reason = head + "; " + order + "; U=" + Text.number(shift.u()) + ", " + Text.p(shift.pGreater())
        + ", n=" + canary.size() + "/" + baseline.size() + thinning(shift, baseline, canary);
    return new MetricResult(name, MetricType.LATENCY, classification, check.critical(), baselineValue, canaryValue,
        "mann-whitney", shift.u(), shift.pGreater(), shift.estimate(), shift.low(), shift.high(), maxRatio,
        (long) baseline.size(), (long) canary.size(), reason);
  }

  private static String thinning(RankShift shift, SortedSample baseline, SortedSample canary) {
    return shift.baselineSize() == baseline.size() && shift.canarySize() == canary.size() ? ""
        : " (rank test on " + shift.canarySize() + "/" + shift.baselineSize() + " evenly spaced order statistics)";
  }

  private static String tailText(TailCheck.Finding tail, double maxRatio, double percentile) {
    String label = Text.percentile(tail.level());
    String values = tail.level() == percentile ? "tail"
        : "tail " + label + " " + Text.millis(tail.canaryValue()) + " vs " + Text.millis(tail.baselineValue()) + " ("
            + Text.ratio(tail.ratio()) + (tail.ratio() > maxRatio ? " > " : ", max ") + Text.ratio(maxRatio) + ")";
    return values + (tail.high() ? " heavier: " : ": ") + tail.canaryAbove() + " vs " + tail.baselineAbove()
        + " requests above the pooled " + label + " of " + Text.millis(tail.threshold()) + " ("
        + Text.p(tail.pValue()) + ")";
  }
}
